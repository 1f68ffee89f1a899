"""Run voxpop under gunicorn, configured from the command line."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _VoxpopServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from voxpop.wsgi import application

        return application


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 2, threads: int = 4) -> None:
    _VoxpopServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
            "forwarded_allow_ips": "127.0.0.1,::1",
        }
    ).run()
