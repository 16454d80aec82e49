"""Tests of the local Passwordless.ID twin (demo/provider) and the demo API."""
