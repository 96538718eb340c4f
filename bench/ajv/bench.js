// ajv side of `dotnet run -c Release --project bench/AmoWidget.Bench -- validate`:
// parse + validate every given manifest against the given schema file, timed the same way as the C# side.
// usage: node bench.js <schema.json> <seconds> <manifest.json>...
'use strict';
const fs = require('fs');
const Ajv = require('ajv');

const [schemaPath, secondsText, ...files] = process.argv.slice(2);
if (!schemaPath || !files.length) {
  console.error('usage: node bench.js <schema.json> <seconds> <manifest.json>...');
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

const invalid = once();
const warmEnd = Date.now() + 500;
while (Date.now() < warmEnd) once();

const seconds = Number(secondsText) || 3;
let rounds = 0;
const start = process.hrtime.bigint();
const limit = start + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < limit) {
  once();
  rounds++;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({
  validator: 'ajv ' + require('ajv/package.json').version,
  files: texts.length,
  invalid,
  compileMs: Math.round(compileMs * 100) / 100,
  manifestsPerSecond: Math.round((rounds * texts.length) / elapsed),
}));
