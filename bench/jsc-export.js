// Run by bench/run.js inside tests/jsc/harness.js: `core`, `loadCore`, `print`, `preciseTime`,
// `readFile` and `args` (input file, map JSON, options JSON) are in scope.
/* global core, loadCore, args */
var input = readFile(args[0], 'binary');
var map = JSON.parse(args[1]);
var options = JSON.parse(args[2]);
loadCore();
for (var i = 0; i < 3; i++) {
  var t0 = preciseTime();
  var out = core.exportImage(input, map, options);
  print('ms ' + ((preciseTime() - t0) * 1000));
}
print('output ' + out.width + 'x' + out.height + ' ' + out.bytes.length + ' bytes');
