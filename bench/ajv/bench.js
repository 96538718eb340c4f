// ajv side of `dotnet run -c Release --project bench/AmoWidget.Bench -- speed`: JSON.parse + the compiled schema
// over every given manifest, in rounds the C# side asks for, so that the two sides alternate on the same machine.
// usage: node bench.js <schema.json> <manifest.json>...
// Prints one JSON line when ready ({validator, files, invalid, compileMs}); then for each line "<seconds>" read from
// stdin it validates the whole set over and over for that long and prints {manifestsPerSecond}. An empty line or the
// end of stdin stops it.
'use strict';
const fs = require('fs');
const readline = require('readline');
const Ajv = require('ajv');

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || !files.length) {
  console.error('usage: node bench.js <schema.json> <manifest.json>...');
  process.exit(2);
}

const ajv = new Ajv({ allErrors: true, strict: true });
// VS Code's completion labels: annotations, not validation keywords.
ajv.addVocabulary(['enumDescriptions']);
const compileStart = process.hrtime.bigint();
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;

// A BOM is stripped as the C# reader does, so both sides judge the same text.
const texts = files.map(f => fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));

function once() {
  let invalid = 0;
  for (const text of texts) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      invalid++;
      continue;
    }
    if (!validate(data)) invalid++;
  }
  return invalid;
}

function round(seconds) {
  let passes = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < limit) {
    once();
    passes++;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round((passes * texts.length) / elapsed);
}

const invalid = once();
const warmEnd = Date.now() + 500;
while (Date.now() < warmEnd) once();
console.log(JSON.stringify({
  validator: 'ajv ' + require('ajv/package.json').version,
  node: process.version,
  files: texts.length,
  invalid,
  compileMs: Math.round(compileMs * 100) / 100,
}));

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  const seconds = Number(line.trim());
  if (!line.trim() || !(seconds > 0)) {
    lines.close();
    return;
  }
  console.log(JSON.stringify({ manifestsPerSecond: round(seconds) }));
});
