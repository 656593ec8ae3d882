"""`qualcheck cache info|clear`: what the disk cache holds, and emptying it (docs/cache.md)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .cache import CACHE_FILE, DiskCache, sidecars
from .cache import clear as do_clear
from .errors import QualcheckError
from .models import cache_dir as default_dir
from .workflow.policy import load_config
from .settings import Settings
from .settings import cache_max_mb as _cache_max_mb

cache_app = typer.Typer(
    name="cache",
    help="The disk cache of embeddings and other per-sentence results: `info` shows it, `clear` empties it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

CACHE_DIR_HELP = "The cache folder. [default: $QUALCHECK_CACHE or ~/.cache/qualcheck]"


def _path(cache_dir: Optional[Path]) -> Path:
    return (cache_dir if cache_dir is not None else default_dir()) / CACHE_FILE


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def _fail(message: str) -> None:
    typer.echo(f"qualcheck: error: {' '.join(message.split())}", err=True)
    raise typer.Exit(2)


@cache_app.command()
def info(
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help=CACHE_DIR_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings (TOML) holding cache_max_mb. Default: ./qualcheck.toml if present."),
) -> None:
    """Where the cache is, its size, its bound, and its entries per model and kind."""
    path = _path(cache_dir)
    try:
        options = load_config(config).options
        bound = _cache_max_mb(options["cache_max_mb"]) if options.get("cache_max_mb") is not None else Settings().cache_max_mb
    except QualcheckError as exc:
        _fail(str(exc))
    limit = f"{bound} MB (least recently used entries go first)" if bound else "none"
    if not path.exists():
        typer.echo(f"path:      {path} (no cache yet)\nsize:      0 MB\nbound:     {limit}")
        return
    try:
        got = DiskCache(path, "", max_bytes=bound * 2**20).info()
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    lines = [f"path:      {path}",
             f"size:      {_mb(got['bytes'])} on disk, {_mb(got['bytes_in_use'])} in use",
             f"bound:     {limit}",
             f"entries:   {sum(got['entries'].values())}"]
    lines += [f"  {kind:<48} {n:>9}" for kind, n in sorted(got["entries"].items())]
    for p in got["damaged"]:
        lines.append(f"damaged:   {p} (set aside; `qualcheck cache clear` deletes it)")
    typer.echo("\n".join(lines))


@cache_app.command()
def clear(
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help=CACHE_DIR_HELP),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask: delete the cache."),
) -> None:
    """Delete the cache (and damaged copies set aside); the next run computes everything again."""
    path = _path(cache_dir)
    size = sum(p.stat().st_size for p in sidecars(path) if p.exists())
    if not yes:
        if not sys.stdin.isatty():
            _fail(f"clearing deletes {_mb(size)} at {path}: add --yes to confirm")
        if not typer.confirm(f"delete the cache at {path} ({_mb(size)})?", default=False):
            raise typer.Exit(1)
    gone = do_clear(path)
    typer.echo(f"deleted {len(gone)} file(s), {_mb(size)}: {path}" if gone else f"no cache at {path}")
