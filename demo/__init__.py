"""Local demo: a Passwordless.ID-compatible OpenID provider, a protected API and demo pages."""
