#!/usr/bin/env python3
"""Checks `cgm report` HTML in a real browser (CI step "AGP report in headless Chromium").

For each HTML file: it parses as XML and holds no script and no external reference; headless
Chromium (Debian's `chromium` package) renders it to a PNG of the expected size whose pixels
are not blank and show the report's marks (in-range green, median blue); and it prints to
exactly one PDF page on A4 and on US Letter. Any failure, including a browser or Pillow
that cannot load, exits non-zero: a check that cannot run fails CI, it never skips.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

from PIL import Image

WIDTH, HEIGHT = 794, 1123  # A4 at 96 px per inch


def browser():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("headless Chromium is not installed")


def run_browser(binary, profile, *arguments):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--user-data-dir=" + profile, *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        sys.exit(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")


def check_markup(path, text):
    body = text.replace("<!DOCTYPE html>", "", 1)
    document = xml.dom.minidom.parseString(body.encode("utf-8"))
    names = {node.tagName for node in document.getElementsByTagName("*")}
    for forbidden in ("script", "link", "img", "iframe", "object", "embed"):
        if forbidden in names:
            sys.exit(f"{path}: <{forbidden}> present")
    for node in document.getElementsByTagName("*"):
        for key, value in node.attributes.items():
            if key.lower() in ("src", "href", "xlink:href", "action", "data") and re.match(r"\s*(https?:)?//", value, re.I):
                sys.exit(f"{path}: external reference in {key}")
            if key.lower().startswith("on"):
                sys.exit(f"{path}: event handler attribute {key}")
    if re.search(r"url\(\s*['\"]?(https?:)?//|@import", text, re.I):
        sys.exit(f"{path}: external reference in CSS")


def check_png(path, png):
    image = Image.open(png).convert("RGB")
    if image.size != (WIDTH, HEIGHT):
        sys.exit(f"{path}: screenshot is {image.size}, expected {(WIDTH, HEIGHT)}")
    pixels = image.load()
    total = WIDTH * HEIGHT
    ink = sum(1 for y in range(HEIGHT) for x in range(WIDTH) if sum(pixels[x, y]) < 720)
    share = ink / total
    if not 0.05 <= share <= 0.6:
        sys.exit(f"{path}: {share:.1%} of pixels are not white (expected 5–60 %)")
    colours = image.getcolors(maxcolors=1 << 20) or []
    def near(target, tolerance=24):
        return sum(count for count, colour in colours
                   if all(abs(a - b) <= tolerance for a, b in zip(colour, target)))
    green, blue = near((0x00, 0x9E, 0x73)), near((0x08, 0x30, 0x6B))
    if green < 500 or blue < 500:
        sys.exit(f"{path}: report marks missing (in-range green {green} px, median blue {blue} px)")
    bottom = sum(1 for y in range(700, 950) for x in range(WIDTH) if sum(pixels[x, y]) < 720)
    if bottom < 2000:
        sys.exit(f"{path}: the daily profiles area looks empty ({bottom} px)")
    print(f"{os.path.basename(path)}: {WIDTH}x{HEIGHT} PNG, {share:.1%} ink, {green} green px, {blue} blue px")


def check_pages(binary, profile, path, text, folder):
    for size in ("A4", "letter"):
        sized = os.path.join(folder, f"{size}.html")
        with open(sized, "w", encoding="utf-8") as handle:
            handle.write(text.replace("@page {", f"@page {{ size: {size};", 1))
        pdf = os.path.join(folder, f"{size}.pdf")
        run_browser(binary, profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + sized)
        with open(pdf, "rb") as handle:
            pages = len(re.findall(rb"/Type\s*/Page[^s]", handle.read()))
        if pages != 1:
            sys.exit(f"{path}: prints on {pages} {size} pages, expected 1")
    print(f"{os.path.basename(path)}: one printed page on A4 and on Letter")


def main(paths):
    if not paths:
        sys.exit("usage: check_report.py REPORT.html...")
    binary = browser()
    with tempfile.TemporaryDirectory() as folder:
        profile = os.path.join(folder, "profile")
        for index, path in enumerate(paths):
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            check_markup(path, text)
            png = os.path.join(folder, f"report-{index}.png")
            run_browser(binary, profile, f"--window-size={WIDTH},{HEIGHT}", "--screenshot=" + png,
                        "file://" + os.path.abspath(path))
            check_png(path, png)
            keep = os.environ.get("CGMKIT_REPORT_PNG_DIR")
            if keep:
                shutil.copy(png, os.path.join(keep, os.path.basename(path) + ".png"))
            check_pages(binary, profile, path, text, folder)


if __name__ == "__main__":
    main(sys.argv[1:])
