// UTF-8 encoder/decoder for the wasm-bindgen glue. Mini program runtimes may lack
// TextEncoder/TextDecoder (notably JavaScriptCore on iOS), so the glue build.sh generates for
// the component uses these instead. Strings crossing the boundary are short (error messages,
// property names), so plain loops are fast enough.
'use strict';

function Utf8Decoder() {}

/** True when `bytes[i .. i + count)` are all continuation bytes (10xxxxxx) inside the array. */
function continues(bytes, i, count) {
  if (i + count > bytes.length) return false;
  for (var k = 0; k < count; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
  return true;
}

/** Sequence length announced by a lead byte (0: not a lead byte). */
function sequenceLength(b0) {
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 < 0xe0) return 2;
  if (b0 >= 0xe0 && b0 < 0xf0) return 3;
  if (b0 >= 0xf0 && b0 < 0xf5) return 4;
  return 0;
}

/** Lowest code point each length may encode (anything below is an overlong form). */
var MIN_CODE_POINT = [0, 0, 0x80, 0x800, 0x10000];

/**
 * The code point starting at `bytes[i]` and the bytes it used: an invalid or truncated
 * sequence is one U+FFFD per bad lead byte (as TextDecoder's replacement mode).
 */
function decodeAt(bytes, i) {
  var b0 = bytes[i];
  var len = sequenceLength(b0);
  if (len === 1) return [b0, 1];
  if (len === 0 || !continues(bytes, i + 1, len - 1)) return [0xfffd, 1];
  var cp = b0 & (0xff >> (len + 1));
  for (var k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
  var bad = cp < MIN_CODE_POINT[len] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000);
  return [bad ? 0xfffd : cp, len];
}

/** @param {Uint8Array} [bytes] */
Utf8Decoder.prototype.decode = function (bytes) {
  if (!bytes) return '';
  var out = '';
  var units = [];
  for (var i = 0; i < bytes.length;) {
    var r = decodeAt(bytes, i);
    var cp = r[0];
    i += r[1];
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
