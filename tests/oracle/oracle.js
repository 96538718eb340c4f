// The browser oracle of AmoWidget's headless widget host: runs a widget's script.js in Debian's Chromium with the real
// requirejs, jQuery 2.1.3, underscore 1.9.1 and twig.js 0.8.9 (the versions of the documented system modules) and the
// host's own stand-ins for APP/AMOCRM, self and the modal (src/AmoWidget.Core/Runtime/js), through the same lifecycle
// walk, and writes the same trace JSON.
//
// A long-lived process, so the browser stays warm between widgets: it prints {"ready":true} once Chromium and the
// loopback server are up, then reads one request a line on stdin, {"id", "root", "plan"} (plan: see page.js), and
// writes one answer a line on stdout, {"id", "trace"} or {"id", "error"}. End of stdin closes the browser, the
// server and the browser's profile folder, then exits.
//
// puppeteer-core (https://pptr.dev/guides/installation#puppeteer-core) drives a browser it is pointed at and downloads
// none, so it works with the Chromium from apt; the flags keep Chromium off the network it would otherwise probe
// (https://peter.sh/experiments/chromium-command-line-switches/).
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const readline = require('readline');
const puppeteer = require('puppeteer-core');

const here = __dirname;
const runtimeJs = path.resolve(here, '../../src/AmoWidget.Core/Runtime/js');
const modules = path.join(here, 'node_modules');
// The libraries the page loads, by the name it asks for; nothing else under node_modules is served.
const libraries = {
    'require.js': path.join(modules, 'requirejs/require.js'),
    'jquery.js': path.join(modules, 'jquery/dist/jquery.js'),
    'underscore.js': path.join(modules, 'underscore/underscore.js'),
    'twig.js': path.join(modules, 'twig/twig.js'),
    // requirejs's loader plugins for a widget's own data files (json!./manifest.json, text!./templates/x.html).
    'text.js': path.join(modules, 'requirejs-text/text.js'),
    'json.js': path.join(modules, 'requirejs-plugins/src/json.js'),
};
// The host's stand-ins the page loads (amo-host.js is the host's own window/document/AMD and stays out).
const standIns = ['amo-recorder.js', 'amo-app.js', 'amo-self.js', 'amo-modules.js', 'amo-lifecycle.js'];
const types = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.css': 'text/css', '.twig': 'text/plain' };
const executable = process.env.AMOWIDGET_CHROMIUM || '/usr/bin/chromium';
const callTimeoutMs = 20000;
const accountHost = 'example.amocrm.ru';

// The widget being run: /widget/<token>/<file> serves its files, the token changing with each request so nothing
// cached from one widget answers for another.
let current = { token: null, root: null };

function send(res, status, file) {
    if (!file) {
        res.writeHead(status, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
        res.end(String(status));
        return;
    }
    fs.readFile(file, (err, data) => {
        if (err) {
            send(res, 404);
            return;
        }
        res.writeHead(200, { 'Content-Type': types[path.extname(file).toLowerCase()] || 'application/octet-stream', 'Cache-Control': 'no-store' });
        res.end(data);
    });
}

// A widget file the server may send: under the widget's folder once links are followed, or null.
function inside(root, relative) {
    let full;
    try {
        full = fs.realpathSync(path.resolve(root, relative));
    } catch (e) {
        return null;
    }
    const base = fs.realpathSync(root);
    return full.startsWith(base + path.sep) ? full : null;
}

const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let m;
    if ((m = /^\/lib\/([\w.]+)$/.exec(url)) && libraries[m[1]]) {
        send(res, 200, libraries[m[1]]);
    } else if ((m = /^\/amo\/([\w.-]+)$/.exec(url)) && standIns.includes(m[1])) {
        send(res, 200, path.join(runtimeJs, m[1]));
    } else if ((m = /^\/widget\/(\w+)\/(.*)$/.exec(url)) && m[1] === current.token) {
        if (m[2] === '__oracle.html') {
            send(res, 200, path.join(here, 'page.html'));
        } else if (m[2] === '__oracle.js') {
            send(res, 200, path.join(here, 'page.js'));
        } else {
            const file = inside(current.root, m[2]);
            send(res, file ? 200 : 404, file);
        }
    } else {
        send(res, 404);
    }
});

function write(obj) {
    process.stdout.write(JSON.stringify(obj) + '\n');
}

async function main() {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'amowidget-oracle-'));
    const browser = await puppeteer.launch({
        executablePath: executable,
        headless: true,
        userDataDir: profile,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
            // The page is served from the account's host name the host pretends (amo-host.js's location), so
            // location.hostname and document.domain answer the same on both sides; it resolves to the loopback server.
            '--host-resolver-rules=MAP ' + accountHost + ' 127.0.0.1'],
    });
    let closing = false;
    async function close() {
        if (closing) {
            return;
        }
        closing = true;
        try { await browser.close(); } catch (e) { /* already gone */ }
        server.close();
        fs.rmSync(profile, { recursive: true, force: true });
        process.exit(0);
    }
    process.on('SIGTERM', close);
    process.on('SIGINT', close);

    write({ ready: true, version: await browser.version(), browserPid: browser.process().pid });
    const lines = readline.createInterface({ input: process.stdin });
    let queue = Promise.resolve();
    lines.on('line', (line) => {
        queue = queue.then(() => handle(browser, port, line));
    });
    lines.on('close', () => { queue.then(close); });
}

let serial = 0;
async function handle(browser, port, line) {
    let request;
    try {
        request = JSON.parse(line);
    } catch (e) {
        write({ id: null, error: 'not JSON: ' + e.message });
        return;
    }
    current = { token: 'w' + (++serial) + process.pid, root: path.resolve(request.root) };
    const page = await browser.newPage();
    const log = [];
    page.on('console', (m) => log.push(m.type() + ': ' + m.text()));
    page.on('pageerror', (e) => log.push('pageerror: ' + e.message));
    // A dialog the page stubs did not catch would block it: nobody is there to answer.
    page.on('dialog', (d) => { log.push('dialog: ' + d.message()); d.dismiss().catch(() => {}); });
    try {
        await page.goto(`http://${accountHost}:${port}/widget/${current.token}/__oracle.html`, { waitUntil: 'load', timeout: callTimeoutMs });
        const run = page.evaluate((plan) => window.__oracle.run(plan), request.plan);
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the page did not finish in ' + callTimeoutMs + ' ms')), callTimeoutMs));
        const trace = await Promise.race([run, timeout]);
        write({ id: request.id, trace: trace, log: log });
    } catch (e) {
        write({ id: request.id, error: String(e && e.message || e), log: log });
    } finally {
        await page.close().catch(() => {});
        current = { token: null, root: null };
    }
}

main().catch((e) => {
    write({ ready: false, error: String(e && e.stack || e) });
    process.exit(1);
});
