// The recorder every stand-in reports to. The same file runs in AmoWidget's in-process host (Jint) and in a browser
// page (the oracle), so that both sides produce one trace format: a call is {Target, Arguments, Answer}, a problem
// is {Kind, Target, Detail}. Plain ES5 plus Proxy, which both Jint and Chromium implement.
(function (global) {
    'use strict';
    if (global.__amo) {
        return;
    }

    var amo = {
        env: {},
        calls: [],
        problems: [],
        // One entry per handler bound to a node that survives an area change (document, window, body).
        bindings: [],
        modules: {},
        // The widget's network answers: the host (or the oracle page) replaces this with a function taking the
        // request as JSON text and returning the answer as JSON text, or null for "no answer configured".
        respond: function () { return null; },
        current: { location: null, callback: null }
    };

    var MaxDepth = 6, MaxItems = 50, MaxText = 500;

    // A JSON-safe copy of a value as the trace shows it: functions, jQuery stand-ins and cycles become short text.
    amo.plain = function (value, depth) {
        depth = depth || 0;
        if (value === undefined) {
            return null;
        }
        if (value === null || typeof value === 'number' || typeof value === 'boolean') {
            return value;
        }
        if (typeof value === 'string') {
            return value.length > MaxText ? value.substring(0, MaxText) + '…' : value;
        }
        if (typeof value === 'function') {
            return value.__amoSelector !== undefined ? '$(' + value.__amoSelector + ')' : '[function]';
        }
        if (typeof value !== 'object') {
            return String(value);
        }
        if (value.__amoSelector !== undefined) {
            return '$(' + value.__amoSelector + ')';
        }
        if (typeof value.then === 'function') {
            return '[promise]';
        }
        if (depth >= MaxDepth) {
            return Array.isArray(value) ? '[array]' : '[object]';
        }
        var i, out;
        if (Array.isArray(value)) {
            out = [];
            for (i = 0; i < value.length && i < MaxItems; i++) {
                out.push(amo.plain(value[i], depth + 1));
            }
            return out;
        }
        out = {};
        var keys = Object.keys(value);
        for (i = 0; i < keys.length && i < MaxItems; i++) {
            out[keys[i]] = amo.plain(value[keys[i]], depth + 1);
        }
        return out;
    };

    amo.plainArgs = function (args) {
        var out = [];
        for (var i = 0; i < args.length; i++) {
            out.push(amo.plain(args[i]));
        }
        return out;
    };

    // Records one call the widget made; returns the answer so a stand-in can `return amo.record(...)`.
    amo.record = function (target, args, answer) {
        amo.calls.push({ Target: target, Arguments: amo.plainArgs(args || []), Answer: amo.plain(answer) });
        return answer;
    };

    // Records something the platform would refuse or that breaks on a real account (the host turns it into a finding).
    amo.problem = function (kind, target, detail) {
        for (var i = 0; i < amo.problems.length; i++) {
            var p = amo.problems[i];
            if (p.Kind === kind && p.Target === target && p.Detail === detail) {
                return;
            }
        }
        amo.problems.push({
            Kind: kind, Target: target, Detail: detail,
            Location: amo.current.location, Callback: amo.current.callback
        });
    };

    // The network: every request goes through here, so -Response (or the oracle's fixture) answers it.
    // `args` are the call's own arguments as the trace shows them (the request when not given).
    amo.answer = function (target, request, args) {
        var text = amo.respond(JSON.stringify({ Target: target, Request: amo.plain(request) }));
        var answer = (text === null || text === undefined) ? null : JSON.parse(text);
        amo.record(target, args || [request], answer);
        return answer;
    };

    // Starts and ends one callback call: the calls between are that call's.
    amo.begin = function (location, callback) {
        amo.current = { location: location, callback: callback };
        amo.calls = [];
    };

    amo.end = function () {
        var calls = amo.calls;
        amo.calls = [];
        return calls;
    };

    amo.takeProblems = function () {
        var problems = amo.problems;
        amo.problems = [];
        return problems;
    };

    // What a thenable settled to, read after the host drained the job queue (the oracle awaits it instead).
    amo.watch = function (value) {
        var box = { state: 'pending', value: null };
        if (value && typeof value.then === 'function') {
            try {
                value.then(function (v) { box.state = 'fulfilled'; box.value = v; },
                    function (e) { box.state = 'rejected'; box.reason = e; box.value = e && e.message !== undefined ? String(e.message) : amo.plain(e); });
            } catch (e) {
                box.state = 'rejected';
                box.value = String(e && e.message);
            }
        }
        return box;
    };

    // The network as both the host and the oracle page stand it in, one copy so that their traces agree: every request
    // is recorded and answered only by amo.respond (-Response); with no answer it stays pending, as a server that never
    // replies. `ajax(name, Deferred)` makes jQuery's $.ajax/$.get/... on the given Deferred factory (the host's own, or
    // the real jQuery's); `install(global)` puts fetch, XMLHttpRequest and WebSocket on the page.
    var slice = Array.prototype.slice;
    amo.network = {
        ajax: function (name, Deferred) {
            return function (url, data, success) {
                var options = typeof url === 'object' ? url : { url: url, data: typeof data === 'function' ? undefined : data };
                var answer = amo.answer('$.' + name, options, slice.call(arguments));
                var deferred = Deferred();
                var done = typeof data === 'function' ? data : success || options.success;
                if (answer !== null) {
                    Promise.resolve().then(function () {
                        if (typeof done === 'function') { done(answer); }
                        deferred.resolve(answer);
                    });
                }
                var promise = deferred.promise();
                promise.abort = function () {};
                return promise;
            };
        },
        install: function (target) {
            target.fetch = function (url, options) {
                var answer = amo.answer('fetch', { url: String(url), method: options && options.method || 'GET', body: options && options.body }, slice.call(arguments));
                if (answer === null) {
                    return new Promise(function () {});
                }
                return Promise.resolve({
                    ok: true, status: 200,
                    json: function () { return Promise.resolve(answer); },
                    text: function () { return Promise.resolve(typeof answer === 'string' ? answer : JSON.stringify(answer)); }
                });
            };
            target.XMLHttpRequest = function () {
                this.open = function (method, url) { amo.record('XMLHttpRequest.open', [method, url]); };
                this.send = function (body) { amo.record('XMLHttpRequest.send', [body]); };
                this.setRequestHeader = function () {};
                this.addEventListener = function () {};
                this.readyState = 0;
            };
            target.WebSocket = function (url) {
                amo.record('WebSocket', [url]);
                this.send = function (d) { amo.record('WebSocket.send', [d]); };
                this.close = function () { amo.record('WebSocket.close', []); };
                this.addEventListener = function () {};
            };
        }
    };

    global.__amo = amo;
})(typeof globalThis !== 'undefined' ? globalThis : this);
