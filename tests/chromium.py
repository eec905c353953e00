"""Headless Chromium from the OS packages, for screenshots of rendered pages (never needed to run irwatch)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def chromium_binary() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def screenshot(html: Path, png: Path, *, width: int = 800, height: int = 2000, timeout: float = 60) -> Path:
    """A screenshot of a local HTML file; the switches keep Chromium off the network, which is closed here
    (without them it waits for component and sync servers that never answer)."""
    binary = chromium_binary()
    if binary is None:
        raise FileNotFoundError("chromium not installed")
    with tempfile.TemporaryDirectory(prefix="irwatch-chromium-") as profile:
        subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
             f"--screenshot={png}", html.resolve().as_uri()],
            check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    return png


def page_picture(html: Path, png: Path, *, width: int = 800, colours: int = 128) -> Path:
    """The whole page, cut below its last drawn row and reduced to `colours` colours (docs/brief-demo.png)."""
    import numpy as np
    from PIL import Image

    screenshot(html, png, width=width, height=8000)
    with Image.open(png) as shot:
        image = shot.convert("RGB")
    pixels = np.asarray(image).astype(int)
    drawn = np.where((np.abs(pixels - pixels[-1, -1]).sum(axis=2) > 0).any(axis=1))[0]
    image = image.crop((0, 0, width, int(drawn.max()) + 20 if len(drawn) else 1))
    image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(png, optimize=True)
    return png


if __name__ == "__main__":
    import sys

    print(page_picture(Path(sys.argv[1]), Path(sys.argv[2])))
