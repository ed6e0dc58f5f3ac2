// Connects back to the server that served this page, records what arrives, echoes binary
// messages, and on "report" sends the record as JSON. The Java test asserts the record.
const ws = new WebSocket('ws://' + location.host + '/live?from=browser', ['lb.test']);
ws.binaryType = 'arraybuffer';
const got = [];
ws.onopen = () => ws.send('hello from the browser, protocol ' + ws.protocol + ', extensions ' + ws.extensions);
ws.onmessage = (event) => {
  if (typeof event.data === 'string') {
    if (event.data === 'report') {
      ws.send(JSON.stringify(got));
      return;
    }
    got.push('text ' + event.data.length + ' ' + event.data.slice(0, 12));
  } else {
    const bytes = new Uint8Array(event.data);
    let sum = 0;
    for (const b of bytes) sum = (sum + b) % 65536;
    got.push('binary ' + bytes.length + ' ' + sum);
    ws.send(event.data);
  }
};
ws.onclose = (event) => console.log('closed ' + event.code + ' ' + event.reason);
