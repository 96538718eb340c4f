// What a browser page gives a widget and Jint does not: window, document, timers, storage, fetch, and an AMD loader.
// Host only: the oracle's page has the real ones (and the real requirejs).
// The loader is our own because requirejs needs a DOM to insert <script> tags into; the host reads each file through
// __host.load(path), which runs it under its own file name, so an exception points at that file's line and column.
(function (global) {
    'use strict';
    var amo = global.__amo;
    var slice = Array.prototype.slice;

    global.window = global;
    global.self = global;
    var doc = amo.anything('document');
    doc.body = amo.anything('document.body');
    doc.documentElement = amo.anything('document.documentElement');
    doc.head = amo.anything('document.head');
    doc.readyState = 'complete';
    doc.cookie = '';
    // The account's host, as a page of the account has it (widgets send it to their back ends as the account's domain).
    doc.domain = 'example.amocrm.ru';
    global.document = doc;
    global.location = { href: 'https://example.amocrm.ru/leads/', protocol: 'https:', host: 'example.amocrm.ru', hostname: 'example.amocrm.ru', pathname: '/leads/', search: '', hash: '', origin: 'https://example.amocrm.ru', reload: function () { amo.record('location.reload', []); } };
    global.navigator = { userAgent: 'AmoWidget host', language: 'ru', languages: ['ru'], platform: 'host' };
    global.console = {};
    ['log', 'info', 'warn', 'error', 'debug', 'dir', 'table', 'trace', 'group', 'groupEnd', 'time', 'timeEnd'].forEach(function (name) {
        global.console[name] = function () { amo.record('console.' + name, slice.call(arguments)); };
    });
    // Base64 as browsers have it (Latin-1 strings only, as there).
    var b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    global.btoa = function (input) {
        var str = String(input), out = '';
        for (var i = 0; i < str.length; i += 3) {
            var a = str.charCodeAt(i), b = str.charCodeAt(i + 1), c = str.charCodeAt(i + 2);
            if (a > 255 || b > 255 || c > 255) { throw new Error('InvalidCharacterError'); }
            out += b64.charAt(a >> 2) + b64.charAt(((a & 3) << 4) | (isNaN(b) ? 0 : b >> 4))
                + (isNaN(b) ? '=' : b64.charAt(((b & 15) << 2) | (isNaN(c) ? 0 : c >> 6))) + (isNaN(c) ? '=' : b64.charAt(c & 63));
        }
        return out;
    };
    global.atob = function (input) {
        var str = String(input).replace(/=+$/, ''), out = '', bits = 0, value = 0;
        for (var i = 0; i < str.length; i++) {
            value = (value << 6) | b64.indexOf(str.charAt(i));
            bits += 6;
            if (bits >= 8) { bits -= 8; out += String.fromCharCode((value >> bits) & 255); }
        }
        return out;
    };
    global.alert = function () { amo.record('alert', slice.call(arguments)); };
    global.confirm = function () { amo.record('confirm', slice.call(arguments)); return false; };
    global.prompt = function () { amo.record('prompt', slice.call(arguments)); return null; };

    // Timers are recorded and never fire: the lifecycle is driven without a clock, so nothing runs late or forever.
    var timerId = 0;
    amo.timers = {};
    global.setTimeout = function (fn, ms) { amo.record('setTimeout', [fn, ms]); return ++timerId; };
    global.setInterval = function (fn, ms) {
        amo.record('setInterval', [fn, ms]);
        amo.timers[++timerId] = { Location: amo.current.location, Callback: amo.current.callback, Delay: ms };
        return timerId;
    };
    global.clearTimeout = function (id) { amo.record('clearTimeout', [id]); };
    global.clearInterval = function (id) { amo.record('clearInterval', [id]); delete amo.timers[id]; };
    global.requestAnimationFrame = function (fn) { amo.record('requestAnimationFrame', [fn]); return ++timerId; };

    function Storage() { this.items = {}; }
    Storage.prototype.getItem = function (k) { return Object.prototype.hasOwnProperty.call(this.items, k) ? this.items[k] : null; };
    Storage.prototype.setItem = function (k, v) { this.items[k] = String(v); };
    Storage.prototype.removeItem = function (k) { delete this.items[k]; };
    Storage.prototype.clear = function () { this.items = {}; };
    global.localStorage = new Storage();
    global.sessionStorage = new Storage();

    amo.network.install(global);
    global.Event = function (type) { this.type = type; };
    global.CustomEvent = global.Event;
    global.HTMLElement = function () {};
    global.Element = global.HTMLElement;
    global.Node = global.HTMLElement;
    global.MutationObserver = function (fn) {
        this.observe = function () { amo.record('MutationObserver.observe', []); };
        this.disconnect = function () {};
    };

    // AMD: define/require over the widget's own files and the system modules.
    var cache = {};
    var named = {};
    // The module a loaded file gives: its anonymous define, as requirejs gives a file the anonymous module it holds
    // (https://requirejs.org/docs/api.html#modulename); a file of named defines only (an r.js bundle) gives its first.
    var pendingAnonymous = null;
    // Whether script.js called define() at all: without it the loader has no module, which is a different fault
    // from a factory that gives no widget.
    var scriptDefined = false;
    var pendingNamed = null;

    function clean(id) {
        return String(id).split('?')[0].split('#')[0];
    }

    function resolve(id, from) {
        id = clean(id);
        var base = from.indexOf('/') >= 0 ? from.substring(0, from.lastIndexOf('/') + 1) : '';
        var parts = (id.charAt(0) === '.' ? base + id : id).split('/');
        var out = [];
        parts.forEach(function (p) {
            if (p === '..') { out.pop(); } else if (p !== '.' && p !== '') { out.push(p); }
        });
        var path = out.join('/');
        return /\.js$/i.test(path) ? path : path + '.js';
    }

    function isOwn(id) {
        var c = clean(id);
        return c.charAt(0) === '.' || c.charAt(0) === '/' || /\.js$/i.test(c);
    }

    function build(def, path) {
        var module = { exports: {}, id: path };
        var args = def.deps.map(function (dep) {
            if (dep === 'require') { return localRequire(path); }
            if (dep === 'exports') { return module.exports; }
            if (dep === 'module') { return module; }
            return amo.require(dep, path);
        });
        var value = typeof def.factory === 'function' ? def.factory.apply(global, args) : def.factory;
        return value === undefined ? module.exports : value;
    }

    // The requirejs plugins real widgets use for their own files (json!./manifest.json, text!./templates/x.html);
    // the platform's loader is requirejs, whose plugins these are (https://github.com/millermedeiros/requirejs-plugins).
    function plugin(name, id, from) {
        var path = resolve(id, from || '').replace(/\.js$/i, /\.js$/i.test(clean(id)) ? '.js' : '');
        var text = global.__host.read(path);
        if (text === null || text === undefined) {
            amo.problem('ModuleUnknown', name + '!' + path, from);
            throw new Error('Module not found: ' + name + '!' + path);
        }
        return name === 'json' ? JSON.parse(text) : text;
    }

    amo.require = function (id, from) {
        var bang = String(id).indexOf('!');
        if (bang > 0 && /^(json|text)$/.test(String(id).substring(0, bang))) {
            return plugin(String(id).substring(0, bang), String(id).substring(bang + 1), from);
        }
        var c = clean(id);
        if (Object.prototype.hasOwnProperty.call(amo.modules, c)) {
            return amo.modules[c];
        }
        if (Object.prototype.hasOwnProperty.call(named, c)) {
            var n = named[c];
            delete named[c];
            // Known, undefined, while its factory runs: a cycle back to it gets undefined, as requirejs gives it.
            amo.modules[c] = undefined;
            amo.modules[c] = build(n, c);
            return amo.modules[c];
        }
        if (!isOwn(c)) {
            amo.problem('ModuleUnknown', c, from);
            throw new Error('Module not found: ' + c);
        }
        var path = resolve(c, from || '');
        if (Object.prototype.hasOwnProperty.call(cache, path)) {
            return cache[path];
        }
        pendingAnonymous = pendingNamed = null;
        if (!global.__host.load(path)) {
            amo.problem('ModuleUnknown', path, from);
            throw new Error('Module not found: ' + path);
        }
        var def = pendingAnonymous || pendingNamed;
        pendingAnonymous = pendingNamed = null;
        if (path === 'script.js') {
            scriptDefined = !!def;
        }
        if (def && def.name) {
            delete named[def.name];
        }
        cache[path] = undefined;
        cache[path] = def ? build(def, path) : undefined;
        if (def && def.name) {
            amo.modules[def.name] = cache[path];
        }
        return cache[path];
    };

    function localRequire(from) {
        return function (deps, callback) {
            if (typeof deps === 'string') {
                return amo.require(deps, from);
            }
            Promise.resolve().then(function () {
                var values = deps.map(function (d) { return amo.require(d, from); });
                if (typeof callback === 'function') {
                    callback.apply(global, values);
                }
            });
            return undefined;
        };
    }

    global.define = function (name, deps, factory) {
        if (typeof name !== 'string') {
            factory = deps;
            deps = name;
            name = null;
        }
        if (!Array.isArray(deps)) {
            factory = deps;
            deps = typeof factory === 'function' && factory.length ? ['require', 'exports', 'module'].slice(0, factory.length) : [];
        }
        var def = { deps: deps, factory: factory, name: name };
        if (name) {
            named[name] = def;
            pendingNamed = pendingNamed || def;
        } else {
            pendingAnonymous = pendingAnonymous || def;
        }
    };
    global.define.amd = { jQuery: true };
    global.require = global.requirejs = localRequire('');
    global.require.config = function () {};

    // The widget: script.js's module, made into the widget object.
    amo.scriptDefined = function () {
        return scriptDefined;
    };

    amo.loadWidget = function () {
        return amo.instantiate(amo.require('./script.js', ''));
    };
})(typeof globalThis !== 'undefined' ? globalThis : this);
