"""Just enough of a PDF reader to check what Chromium printed: the text of every page and the colours it fills with.

Chromium (Skia) writes text as glyph codes in hex strings, a font selected before each (`/F4 16 Tf`), each font with a
ToUnicode map; where a glyph maps to the wrong character it wraps it in a span with the right one (`/ActualText`).
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*")
LENGTH = re.compile(rb"/Length (\d+)(?! \d+ R)")
FONT_RESOURCES = re.compile(rb"/Font\s*<<(.*?)>>", re.S)
REFERENCE = re.compile(rb"/([^\s/<>\[\]()]+)\s+(\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
TOKEN = re.compile(rb"<<|>>|<[0-9A-Fa-f\s]*>|/[^\s/<>\[\]()]+|\[|\]|\((?:\\.|[^\\)])*\)|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+")
FILL_RGB = re.compile(rb"(?<![\d.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) rg\b")


def objects(pdf):
    """{number: (dictionary text, inflated stream or None)} for every object."""
    found = {}
    for match in OBJECT.finditer(pdf):
        end = pdf.find(b"endobj", match.end())
        body = pdf[match.end() : end]
        stream_at = body.find(b"stream")
        if stream_at < 0 or body[:stream_at].rstrip()[-2:] != b">>":
            found[int(match[1])] = (body, None)
            continue
        head = body[:stream_at]
        start = match.end() + stream_at + len(b"stream")
        start += 2 if pdf[start : start + 2] == b"\r\n" else 1
        length = LENGTH.search(head)
        data = pdf[start : start + int(length[1])] if length else b""
        end = pdf.find(b"endobj", start + len(data))
        if b"FlateDecode" in head:
            try:
                data = zlib.decompress(data)
            except zlib.error:
                data = b""
        found[int(match[1])] = (head, data)
    return found


def unicode_of(hex_text):
    return bytes.fromhex(re.sub(rb"\s", b"", hex_text).decode()).decode("utf-16-be", errors="ignore").lstrip("\ufeff")


def cmap(data):
    """(bytes per code, {code: text}) of a ToUnicode map."""
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    width = len(space[1]) // 2 if space else 2
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = HEX.findall(block)
        mapping.update({int(source, 16): unicode_of(target) for source, target in zip(codes[::2], codes[1::2])})
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            codes = HEX.findall(line)
            if len(codes) < 3:
                continue
            first, last = int(codes[0], 16), int(codes[1], 16)
            if b"[" in line:
                mapping.update({first + index: unicode_of(target) for index, target in enumerate(codes[2:])})
            else:
                start = unicode_of(codes[2])
                mapping.update({code: start[:-1] + chr(ord(start[-1]) + code - first) for code in range(first, last + 1)})
    return width, mapping


def font_maps(found):
    """{font resource name: (bytes per code, {code: text})}."""
    maps = {}
    for body, data in found.values():
        if data is not None:
            continue
        for resources in FONT_RESOURCES.findall(body):
            for name, number in REFERENCE.findall(resources):
                font = found.get(int(number), (b"", None))[0]
                to_unicode = TO_UNICODE.search(font)
                if to_unicode and found.get(int(to_unicode[1]), (b"", None))[1]:
                    maps[name.decode()] = cmap(found[int(to_unicode[1])][1])
    return maps


def decoded(hex_token, font):
    width, mapping = font
    digits = re.sub(rb"\s", b"", hex_token[1:-1])
    step = 2 * width
    return "".join(mapping.get(int(digits[index : index + step], 16), "") for index in range(0, len(digits) - step + 1, step))


def page_text(content, fonts):
    """The text a content stream shows, a line per text object."""
    text, operands, arrays, spans, font = [], [], [], [], (2, {})
    tokens = iter(TOKEN.findall(content))
    for token in tokens:
        if token == b"<<":
            dictionary = []
            for inner in tokens:
                if inner == b">>":
                    break
                dictionary.append(inner)
            operands.append(dictionary)
        elif token == b"[":
            arrays.append(operands)
            operands = []
        elif token == b"]":
            items, operands = operands, arrays.pop()
            operands.append(items)
        elif token[:1] in b"</([" or token[:1].isdigit() or token[:1] in b"-+.":
            operands.append(token)
        else:
            shows = [operands[-1]] if token == b"Tj" and operands else operands[-1] if token == b"TJ" and operands else []
            if token == b"Tf" and len(operands) >= 2:
                font = fonts.get(operands[-2][1:].decode(), (2, {}))
            elif token == b"BDC":
                actual = next((operands[-1][index + 1] for index, item in enumerate(operands[-1][:-1]) if item == b"/ActualText"), None) if operands and isinstance(operands[-1], list) else None
                spans.append(actual is not None)
                if actual is not None:
                    text.append(unicode_of(actual[1:-1]))
            elif token == b"EMC" and spans:
                spans.pop()
            elif token == b"ET":
                text.append("\n")
            elif shows and not any(spans):
                text.extend(decoded(item, font) for item in shows if isinstance(item, bytes) and item.startswith(b"<"))
            operands = []
    return "".join(text)


def pdf_text(pdf):
    found = objects(pdf)
    fonts = font_maps(found)
    return "".join(page_text(data, fonts) for body, data in found.values() if data and b"BT" in data and b"Tf" in data)


def pdf_fill_colours(pdf):
    """Every RGB fill colour the pages set, as (red, green, blue) between 0 and 1."""
    return {tuple(float(part) for part in match) for _, data in objects(pdf).values() if data for match in FILL_RGB.findall(data)}
