// Outside oracle: runs an ONNX model with onnxruntime-web (wasm backend) in Node.js.
// Usage: node run_onnx.mjs MODEL.onnx INPUT.npy OUTPUT.npy
//  - INPUT.npy: float32 little-endian ('<f4'), C order, .npy version 1.0 (2.0 accepted);
//    fed to the model's single input (session.inputNames[0]).
//  - OUTPUT.npy: the model's first output, written as a float32 .npy version 1.0.
// Any error (missing file, bad .npy, model load or run failure) prints one line
// "run_onnx: ..." on stderr and exits 1.
// Install the dependency first with scripts/install-node-oracles.sh.
import { readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';

const fail = (msg) => {
  process.stderr.write(`run_onnx: ${msg}\n`);
  process.exit(1);
};

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // "\x93NUMPY"

// Parses a float32 .npy; returns { shape: number[], data: Float32Array }.
function readNpy(path) {
  let buf;
  try {
    buf = readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}`);
  }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) fail(`${path}: not a .npy file`);
  const major = buf[6];
  let headerLen, dataStart;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    dataStart = 10 + headerLen;
  } else if (major === 2) {
    headerLen = buf.readUInt32LE(8);
    dataStart = 12 + headerLen;
  } else {
    fail(`${path}: unsupported .npy version ${major}.${buf[7]} (want 1.0)`);
  }
  if (dataStart > buf.length) fail(`${path}: truncated .npy header`);
  const header = buf.toString('latin1', dataStart - headerLen, dataStart);
  // The header is a Python dict literal, e.g.
  // {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeM = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeM) fail(`${path}: malformed .npy header: ${header.trim()}`);
  if (descr[1] !== '<f4') fail(`${path}: dtype '${descr[1]}' is not supported (only '<f4', float32 little-endian)`);
  if (fortran[1] !== 'False') fail(`${path}: Fortran-order arrays are not supported (C order only)`);
  const shape = shapeM[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`${path}: bad shape (${shapeM[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (buf.length - dataStart !== count * 4) {
    fail(`${path}: ${buf.length - dataStart} data bytes, shape (${shape.join(', ')}) needs ${count * 4}`);
  }
  // Copy into a fresh, 4-byte aligned buffer (the host is little-endian, checked below).
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(buf.subarray(dataStart));
  return { shape, data };
}

// Writes a float32 .npy version 1.0 (header padded so the data starts on a 64-byte boundary).
function writeNpy(path, shape, data) {
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    writeFileSync(path, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
  } catch (e) {
    fail(`cannot write ${path}: ${e.message}`);
  }
}

async function main() {
  const [modelPath, inputPath, outputPath] = process.argv.slice(2);
  if (!modelPath || !inputPath || !outputPath || process.argv.length > 5) {
    fail('usage: node run_onnx.mjs MODEL.onnx INPUT.npy OUTPUT.npy');
  }
  if (endianness() !== 'LE') fail('big-endian hosts are not supported');

  // Under Node, the bare 'onnxruntime-web' import resolves (package "exports", condition
  // "node") to dist/ort.node.min.mjs, the wasm-only build; 'onnxruntime-web/wasm' is
  // mapped to null for Node and does not load. The .wasm file is found next to that
  // file in node_modules, so nothing is fetched from the network and wasmPaths is unset.
  let ort;
  try {
    ort = await import('onnxruntime-web');
  } catch (e) {
    fail(`cannot load onnxruntime-web (run scripts/install-node-oracles.sh): ${e.message}`);
  }
  ort.env.wasm.numThreads = 1; // no worker threads
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';

  const input = readNpy(inputPath);
  let modelBytes;
  try {
    modelBytes = readFileSync(modelPath);
  } catch (e) {
    fail(`cannot read ${modelPath}: ${e.message}`);
  }

  let session;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(modelBytes), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    fail(`cannot load model ${modelPath}: ${e.message ?? e}`);
  }
  if (session.inputNames.length !== 1) {
    fail(`${modelPath}: model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}), want 1`);
  }

  let results;
  try {
    const feed = { [session.inputNames[0]]: new ort.Tensor('float32', input.data, input.shape) };
    results = await session.run(feed);
  } catch (e) {
    fail(`running ${modelPath} failed: ${e.message ?? e}`);
  }
  const out = results[session.outputNames[0]];
  if (out.type !== 'float32') fail(`output '${session.outputNames[0]}' has type ${out.type}, want float32`);
  writeNpy(outputPath, out.dims.map(Number), out.data);
  await session.release();
}

main().catch((e) => fail(e?.stack ?? String(e)));
