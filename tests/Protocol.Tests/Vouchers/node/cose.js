'use strict';
// Independent peers for the voucher interop tests (tests/Protocol.Tests/Vouchers/VoucherInteropTests.cs):
// npm cose-js for COSE_Sign1 ES256, npm cbor for CBOR, node's crypto for Ed25519. Installed by `npm ci`
// in this folder (./test.sh does it). Every command prints one line of JSON; failures exit non-zero.
//   verify-es256 COSE_HEX X_HEX Y_HEX   cose-js verifies a COSE_Sign1; prints {"payload": hex}
//   sign-es256 PAYLOAD_HEX D_HEX KID     cose-js signs (protected {1: -7}, unprotected {4: kid}); prints {"cose": hex}
//   verify-eddsa COSE_HEX SPKI_HEX       cbor decodes, rebuilds Sig_structure, node crypto verifies Ed25519
//   decode CBOR_HEX                      cbor decodes; maps become [[key, value], ...], bytes {"hex": ...}
//   encode-multipart FORMAT:HEX|null ... cbor encodes a multipart-core array (RFC 8710); prints {"cbor": hex}
//   decrypt-encrypt0 COSE_HEX KEY_HEX    cose-js decrypts a COSE_Encrypt0 (ACE Client Token); prints {"plaintext": hex}
//   encrypt0 PLAINTEXT_HEX KEY_HEX       cose-js encrypts (protected {1: 10} AES-CCM-16-64-128, random IV); prints {"cose": hex}
const cose = require('cose-js');
const cbor = require('cbor');
const crypto = require('crypto');

function toJson(value) {
  if (value instanceof Map) {
    return [...value.entries()].map(([k, v]) => [toJson(k), toJson(v)]);
  }
  if (Buffer.isBuffer(value)) {
    return { hex: value.toString('hex') };
  }
  if (value instanceof cbor.Tagged) {
    return { tag: value.tag, value: toJson(value.value) };
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return value;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const hex = (s) => Buffer.from(s, 'hex');
  switch (command) {
    case 'verify-es256': {
      const payload = await cose.sign.verify(hex(args[0]), { key: { x: hex(args[1]), y: hex(args[2]) } });
      return { payload: payload.toString('hex') };
    }
    case 'sign-es256': {
      const signed = await cose.sign.create({ p: { alg: 'ES256' }, u: { kid: args[2] } }, hex(args[0]), { key: { d: hex(args[1]) } });
      return { cose: signed.toString('hex') };
    }
    case 'verify-eddsa': {
      let message = cbor.decodeFirstSync(hex(args[0]));
      if (message instanceof cbor.Tagged) {
        if (message.tag !== 18) throw new Error('not COSE_Sign1');
        message = message.value;
      }
      const [protectedHeader, , payload, signature] = message;
      const header = cbor.decodeFirstSync(protectedHeader);
      if (header.get(1) !== -8) throw new Error('alg is not EdDSA');
      const toBeSigned = cbor.encode(['Signature1', protectedHeader, Buffer.alloc(0), payload]);
      const key = crypto.createPublicKey({ key: hex(args[1]), format: 'der', type: 'spki' });
      if (!crypto.verify(null, toBeSigned, key, signature)) throw new Error('EdDSA signature does not verify');
      return { payload: payload.toString('hex') };
    }
    case 'decrypt-encrypt0': {
      const plaintext = await cose.encrypt.read(hex(args[0]), hex(args[1]));
      return { plaintext: plaintext.toString('hex') };
    }
    case 'encrypt0': {
      const encrypted = await cose.encrypt.create({ p: { alg: 'AES-CCM-16-64-128' } }, hex(args[0]), { key: hex(args[1]) });
      return { cose: encrypted.toString('hex') };
    }
    case 'decode':
      return { value: toJson(cbor.decodeFirstSync(hex(args[0]))) };
    case 'encode-multipart': {
      const items = args.flatMap((part) => {
        const [format, bytes] = part.split(':');
        return [Number(format), bytes === 'null' ? null : hex(bytes)];
      });
      return { cbor: cbor.encode(items).toString('hex') };
    }
    default:
      throw new Error('unknown command ' + command);
  }
}

main().then(
  (result) => { process.stdout.write(JSON.stringify(result) + '\n'); },
  (error) => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); });
