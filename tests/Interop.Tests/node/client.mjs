// Usage: node client.mjs METHOD URL [PAYLOAD_FILE]
// Sends one request with the npm `coap` library and prints one JSON line:
// {"code":"2.05","format":"text/plain","payloadHex":"..."}
import { readFileSync } from 'node:fs';
import coap from 'coap';

const [method, url, payloadFile] = process.argv.slice(2);
const target = new URL(url);
const request = coap.request({
  hostname: target.hostname.replace(/^\[|\]$/g, ''),
  port: Number(target.port || 5683),
  pathname: target.pathname,
  query: target.search.replace(/^\?/, ''),
  method: method.toUpperCase(),
  confirmable: true,
});
const timer = setTimeout(() => { console.error('timeout'); process.exit(3); }, 20000);
request.on('response', (response) => {
  const chunks = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => {
    clearTimeout(timer);
    const payload = Buffer.concat(chunks);
    const format = response.headers['Content-Format'] ?? null;
    console.log(JSON.stringify({ code: response.code, format, payloadHex: payload.toString('hex') }));
    process.exit(0);
  });
});
request.on('error', (error) => { console.error(String(error)); process.exit(4); });
if (payloadFile) {
  request.write(readFileSync(payloadFile));
}
request.end();
