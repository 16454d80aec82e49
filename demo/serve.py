"""Run the two origins of the demo: the app and the local provider.

    python -m demo.serve --port 8000 --provider-port 8001

Both listen on 127.0.0.1; the provider is another origin of the same site, as
Passwordless.ID is to a real app. Tests start the same apps in threads (tests/servers.py).
"""

import argparse
import os
import threading

import uvicorn

from demo.app import create_app


def build_apps(app_origin: str, provider_origin: str):
    """The app and provider ASGI apps for these origins."""
    from demo.provider import create_provider

    provider = create_provider(provider_origin)
    extra = []
    try:
        from demo.api import create_api_routes

        extra = create_api_routes(provider_origin, f"{provider_origin}/.well-known/jwks.json")
    except ImportError:  # the API comes with the provider
        pass
    return create_app(provider_origin, extra_routes=extra), provider


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument(
        "--provider-port", type=int, default=int(os.environ.get("PROVIDER_PORT", 8001))
    )
    args = parser.parse_args()
    app, provider = build_apps(
        f"http://{args.host}:{args.port}", f"http://{args.host}:{args.provider_port}"
    )
    servers = [
        uvicorn.Server(uvicorn.Config(provider, host=args.host, port=args.provider_port)),
        uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port)),
    ]
    print(f"app:      http://{args.host}:{args.port}/")
    print(f"provider: http://{args.host}:{args.provider_port}/")
    thread = threading.Thread(target=servers[0].run, daemon=True)
    thread.start()
    servers[1].run()
    servers[0].should_exit = True
    thread.join(timeout=5)


if __name__ == "__main__":
    main()
