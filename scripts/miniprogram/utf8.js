// UTF-8 encoder/decoder for the wasm-bindgen glue. Mini program runtimes may lack
// TextEncoder/TextDecoder (notably JavaScriptCore on iOS), so the glue build.sh generates for
// the component uses these instead. Strings crossing the boundary are short (error messages,
// property names), so plain loops are fast enough.
'use strict';

function Utf8Decoder() {}

/** @param {Uint8Array} [bytes] */
Utf8Decoder.prototype.decode = function (bytes) {
  if (!bytes) return '';
  var out = '';
  var units = [];
  var i = 0;
  var n = bytes.length;
  while (i < n) {
    var b0 = bytes[i++];
    var cp;
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xc2 && b0 < 0xe0 && i < n && (bytes[i] & 0xc0) === 0x80) {
      cp = ((b0 & 0x1f) << 6) | (bytes[i++] & 0x3f);
    } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 1 < n &&
        (bytes[i] & 0xc0) === 0x80 && (bytes[i + 1] & 0xc0) === 0x80) {
      cp = ((b0 & 0x0f) << 12) | ((bytes[i] & 0x3f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
      if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) cp = 0xfffd;
    } else if (b0 >= 0xf0 && b0 < 0xf5 && i + 2 < n && (bytes[i] & 0xc0) === 0x80 &&
        (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
      cp = ((b0 & 0x07) << 18) | ((bytes[i] & 0x3f) << 12) | ((bytes[i + 1] & 0x3f) << 6) |
        (bytes[i + 2] & 0x3f);
      i += 3;
      if (cp < 0x10000 || cp > 0x10ffff) cp = 0xfffd;
    } else {
      cp = 0xfffd; // invalid or truncated sequence: one replacement per bad lead byte
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length > 4096) {
      out += String.fromCharCode.apply(null, units);
      units = [];
    }
  }
  return out + String.fromCharCode.apply(null, units);
};

function Utf8Encoder() {}

/** Code point at `i` of `s`, lone surrogates as U+FFFD; second value: UTF-16 units used. */
function codePointAt(s, i) {
  var c = s.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    var d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d < 0xe000) return [0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), 2];
  }
  if (c >= 0xd800 && c < 0xe000) return [0xfffd, 1];
  return [c, 1];
}

function utf8Length(cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function put(view, at, cp) {
  if (cp < 0x80) {
    view[at] = cp;
  } else if (cp < 0x800) {
    view[at] = 0xc0 | (cp >> 6);
    view[at + 1] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    view[at] = 0xe0 | (cp >> 12);
    view[at + 1] = 0x80 | ((cp >> 6) & 0x3f);
    view[at + 2] = 0x80 | (cp & 0x3f);
  } else {
    view[at] = 0xf0 | (cp >> 18);
    view[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
    view[at + 2] = 0x80 | ((cp >> 6) & 0x3f);
    view[at + 3] = 0x80 | (cp & 0x3f);
  }
}

/** Same contract as TextEncoder.encodeInto: stops before a character that does not fit. */
Utf8Encoder.prototype.encodeInto = function (s, view) {
  var read = 0;
  var written = 0;
  while (read < s.length) {
    var r = codePointAt(s, read);
    var len = utf8Length(r[0]);
    if (written + len > view.length) break;
    put(view, written, r[0]);
    written += len;
    read += r[1];
  }
  return { read: read, written: written };
};

Utf8Encoder.prototype.encode = function (s) {
  s = s === undefined ? '' : String(s);
  var size = 0;
  for (var i = 0; i < s.length;) {
    var r = codePointAt(s, i);
    size += utf8Length(r[0]);
    i += r[1];
  }
  var out = new Uint8Array(size);
  this.encodeInto(s, out);
  return out;
};

module.exports = { Utf8Decoder: Utf8Decoder, Utf8Encoder: Utf8Encoder };
