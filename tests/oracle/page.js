// The oracle page's driver: maps the system modules for the real requirejs, and walks a widget through its locations
// as AmoWidget's host does (WidgetHost.Drive and its Driver in src/AmoWidget.Core/Runtime/WidgetHost.cs), writing
// the same trace: one {Location, Callback, Arguments, Outcome, Result, Error, Calls} per callback call.
//
// The walk is a thin copy of the host's, which is C# driving Jint and cannot run in a page. The plan comes from the
// test (RuntimeOracle.ps1), built from the host's own area table, so only the order of the steps is repeated here.
// What the page keeps of the host's environment, and why: timers are recorded and never fire, and the network
// (jQuery's ajax helpers, fetch, XMLHttpRequest, WebSocket) answers nothing, because the host drives the lifecycle
// without a clock or a network; a widget's timer or request completing between two callbacks in the browser would
// move its calls to another callback and the traces could not be compared.
(function (global) {
    'use strict';
    var amo = global.__amo;
    var slice = Array.prototype.slice;
    var realSetTimeout = global.setTimeout.bind(global);
    var base = global.location.pathname.substring(0, global.location.pathname.lastIndexOf('/') + 1);
    var systemLibraries = { jquery: true, underscore: true, twigjs: true, text: true, json: true };
    var RealXMLHttpRequest = global.XMLHttpRequest;

    requirejs.config({
        baseUrl: base,
        paths: { jquery: '/lib/jquery', underscore: '/lib/underscore', twigjs: '/lib/twig', text: '/lib/text', json: '/lib/json' },
        waitSeconds: 0
    });
    // The modules the real libraries do not cover: the host's stand-ins (the modal, the other vendor modules).
    Object.keys(amo.modules).forEach(function (id) {
        if (!systemLibraries[id]) {
            define(id, [], function () { return amo.modules[id]; });
        }
    });

    // Errors while the widget's files load: requirejs reports a factory's exception or a missing file through
    // onError; a file that does not parse only through the window's error event.
    var loadErrors = [];
    requirejs.onError = function (err) { loadErrors.push(err); };
    global.addEventListener('error', function (event) {
        // The event gives the place: a SyntaxError's own stack does not name the file it is in.
        var error = event.error;
        loadErrors.push({
            name: error && error.name ? error.name : '', message: error && error.message !== undefined ? error.message : event.message,
            fileName: event.filename, lineNumber: event.lineno, columnNumber: event.colno
        });
    });

    function drain() {
        // A message is a task: every promise job queued before it has run when it arrives.
        return new Promise(function (resolve) {
            var channel = new MessageChannel();
            channel.port1.onmessage = function () { resolve(); };
            channel.port2.postMessage(null);
        });
    }

    function requireAsync(ids) {
        return new Promise(function (resolve, reject) {
            require(ids, function () { resolve(slice.call(arguments)); }, reject);
        });
    }

    // The widget file and place an exception comes from: the top frame of its stack when that is one of the widget's
    // files (as the host gives none when the throw is inside a stand-in or a library).
    var origin = global.location.origin + base;
    function errorOf(e) {
        var name = e && typeof e === 'object' && e.name ? String(e.name) : '';
        var text = e && typeof e === 'object' && e.message !== undefined ? String(e.message) : String(e);
        var message = name.length > 0 && text.indexOf(name) !== 0 ? name + ': ' + text : text;
        var file = null, line = null, column = null;
        var stack = e && typeof e === 'object' && typeof e.stack === 'string' ? e.stack.split('\n') : [];
        var top = null;
        for (var i = 0; i < stack.length; i++) {
            var m = /(https?:\/\/[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(stack[i]);
            if (m) {
                top = m;
                break;
            }
        }
        if (!top && e && e.fileName) {
            top = [null, e.fileName, e.lineNumber, e.columnNumber];
        }
        if (top && String(top[1]).indexOf(origin) === 0) {
            file = String(top[1]).substring(origin.length).split('?')[0];
            line = Number(top[2]);
            column = Number(top[3]);
        }
        return { Message: message, File: file, Line: line, Column: column };
    }

    function isThenable(value) {
        return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
    }

    // The host's environment where the page would differ (see the header): timers and the network.
    function quiet($) {
        // Dialogs block a page until a user answers; the host answers them at once, as no user is there.
        global.alert = function () { amo.record('alert', slice.call(arguments)); };
        global.confirm = function () { amo.record('confirm', slice.call(arguments)); return false; };
        global.prompt = function () { amo.record('prompt', slice.call(arguments)); return null; };
        var timerId = 0;
        global.setTimeout = function (fn, ms) { amo.record('setTimeout', [fn, ms]); return ++timerId; };
        global.setInterval = function (fn, ms) { amo.record('setInterval', [fn, ms]); return ++timerId; };
        global.clearTimeout = function (id) { amo.record('clearTimeout', [id]); };
        global.clearInterval = function (id) { amo.record('clearInterval', [id]); };
        global.requestAnimationFrame = function (fn) { amo.record('requestAnimationFrame', [fn]); return ++timerId; };
        // requirejs schedules its own work with setTimeout: it keeps the real one.
        requirejs.s.contexts._.nextTick = function (fn) { realSetTimeout(fn, 4); };
        ['ajax', 'get', 'post', 'getJSON', 'getScript'].forEach(function (name) {
            $[name] = amo.network.ajax(name, $.Deferred);
        });
        amo.network.install(global);
    }

    function Walk(plan) {
        this.plan = plan;
        this.calls = [];
    }

    Walk.prototype.enter = function (area) {
        amo.enter(area);
    };

    Walk.prototype.record = function (result) {
        result.Calls = amo.end();
        this.calls.push(result);
    };

    Walk.prototype.load = async function () {
        var result = { Location: '', Callback: 'script.js', Arguments: [], Outcome: 'value', Result: null, Error: null };
        var instance = null;
        amo.begin(null, 'script.js');
        loadErrors.length = 0;
        try {
            var made = await requireAsync(['script']);
            if (loadErrors.length) {
                throw loadErrors[0];
            }
            instance = amo.instantiate(made[0]);
            await drain();
            result.Result = instance !== null && typeof instance === 'object';
        } catch (e) {
            // requirejs hands a factory's own exception through; a missing file is its script error.
            result.Outcome = 'error';
            result.Error = errorOf(loadErrors.length ? loadErrors[0] : e);
        }
        this.record(result);
        return instance;
    };

    Walk.prototype.call = async function (instance, location, callback, mustBeTrue) {
        var result = { Location: location, Callback: callback, Arguments: [], Outcome: 'value', Result: null, Error: null };
        amo.begin(location, callback);
        var fn = amo.callbackFunction(instance, callback);
        if (!fn) {
            result.Outcome = 'missing';
            this.record(result);
            return false;
        }
        try {
            var args = amo.argumentsFor(callback, location);
            result.Arguments = amo.plain(args);
            var callbacks = instance.callbacks;
            var dot = callback.indexOf('.');
            var that = dot < 0 || !callbacks || typeof callbacks !== 'object' ? callbacks : callbacks[callback.substring(0, dot)];
            var value = fn.apply(that, args);
            if (isThenable(value)) {
                var box = amo.watch(value);
                await drain();
                result.Outcome = box.state === 'fulfilled' ? 'fulfilled' : box.state === 'rejected' ? 'rejected' : 'pending';
                result.Result = amo.plain(box.value);
            } else {
                await drain();
                result.Result = amo.plain(value);
            }
        } catch (e) {
            result.Outcome = 'error';
            result.Error = errorOf(e);
        }
        this.record(result);
        var gaveTrue = ((result.Outcome === 'value' || result.Outcome === 'fulfilled') && result.Result === true) || result.Outcome === 'pending';
        return callback !== 'render' || gaveTrue;
    };

    Walk.prototype.leave = async function (instance, area, initOnce) {
        amo.begin(area.location, 'page:changed');
        try {
            amo.$(global.document).trigger('page:changed');
            await drain();
        } catch (e) {
            var result = { Location: area.location, Callback: 'page:changed', Arguments: [], Outcome: 'error', Result: null, Error: errorOf(e) };
            this.record(result);
        }
        amo.end();
        if (!initOnce) {
            await this.call(instance, area.location, 'destroy', false);
        }
    };

    Walk.prototype.run = async function () {
        var plan = this.plan;
        var libraries = await requireAsync(['jquery', 'underscore', 'twigjs', 'text', 'json']);
        var $ = libraries[0];
        // The text plugin reads the widget's files with XMLHttpRequest, which the widget itself does not get (below).
        libraries[3].createXhr = function () { return new RealXMLHttpRequest(); };
        // The trace shows a jQuery object as $(selector), as the host's stand-in does.
        Object.defineProperty($.fn, '__amoSelector', { get: function () { return this.selector || (this[0] === global.document ? 'document' : '[element]'); } });
        amo.$ = $;
        global.$ = global.jQuery = $;
        global.twig = libraries[2].twig;
        quiet($);

        amo.begin(null, 'script.js');
        amo.env = plan.env;
        var areas = plan.areas;
        this.enter(areas.length ? areas[0] : plan.fallback);
        amo.buildApp();
        var instance = await this.load();
        if (instance === null || instance === undefined) {
            return this.calls;
        }
        var initOnce = !!plan.env.initOnce;
        var initialised = false;
        var walk = areas.length > 0 ? areas.concat([areas[0]]) : areas;
        for (var i = 0; i < walk.length && this.calls.length < 400; i++) {
            var area = walk[i];
            var again = i === walk.length - 1 && walk.length > 1;
            this.enter(area);
            var rendered = await this.call(instance, area.location, 'render', false);
            if (rendered && (!initOnce || !initialised)) {
                await this.call(instance, area.location, 'init', true);
                await this.call(instance, area.location, 'bind_actions', true);
                initialised = true;
            }
            if (rendered && !again) {
                for (var c = 0; c < area.callbacks.length; c++) {
                    await this.call(instance, area.location, area.callbacks[c], area.callbacks[c] === 'onSave');
                }
            }
            await this.leave(instance, area, initOnce);
        }
        return this.calls;
    };

    // Handlers jQuery holds on document after the walk, by event and code: what the host's HandlerRebound judges.
    function documentHandlers() {
        var events = (amo.$ && amo.$._data(global.document, 'events')) || {};
        var out = {};
        Object.keys(events).forEach(function (type) {
            events[type].forEach(function (h) {
                var key = type + (h.namespace ? '.' + h.namespace : '') + (h.selector ? ' ' + h.selector : '') + ' ' + String(h.handler);
                out[key] = (out[key] || 0) + 1;
            });
        });
        return out;
    }

    global.__oracle = {
        run: async function (plan) {
            var started = global.performance.now();
            var walk = new Walk(plan);
            var calls = await walk.run();
            // The walk's own time in the page (libraries loaded, widget loaded and walked), for bench/runtime-oracle.ps1.
            var ms = global.performance.now() - started;
            return { Calls: JSON.parse(JSON.stringify(calls)), DocumentHandlers: documentHandlers(), Ms: ms };
        }
    };
})(window);
