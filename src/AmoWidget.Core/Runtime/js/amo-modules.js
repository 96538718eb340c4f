// Recording stand-ins for the system modules a widget may `define` with
// (https://www.amocrm.ru/developers/content/web_sdk/system_modules): jquery (`$`), twigjs, the modal
// (lib/components/base/modal), and a generic stand-in for the other vendor modules. Host only: the oracle's page
// loads the real requirejs, jQuery 2.1.3, underscore 1.9.1 and twig instead, and records through its own wrappers.
// Underscore itself is the real library (vendor/underscore.js, MIT, licence beside it).
(function (global) {
    'use strict';
    var amo = global.__amo;
    var slice = Array.prototype.slice;

    // Anything: a callable stand-in whose every member is another stand-in, so code using an undescribed API keeps
    // running instead of failing on the host (a TypeError here would be the host's fault, not the widget's).
    amo.anything = function (name) {
        var target = function () {};
        return new Proxy(target, {
            get: function (t, key) {
                if (key === Symbol.toPrimitive) {
                    return function () { return ''; };
                }
                if (key === 'then' || typeof key !== 'string') {
                    return undefined;
                }
                if (key === 'toString' || key === 'valueOf') {
                    return function () { return ''; };
                }
                if (key === 'length') {
                    return 0;
                }
                // A walk up or along a tree ends (while (node.parentNode) ... would never end on stand-ins).
                if (/^(parentNode|parentElement|offsetParent|ownerDocument|host|frameElement|(next|previous)(Element)?Sibling|(first|last)(Element)?Child)$/.test(key)) {
                    return key in t ? t[key] : null;
                }
                if (key === 'nodeType') {
                    return 1;
                }
                if (key === 'childNodes' || key === 'children') {
                    return [];
                }
                if (key in t && key !== 'name') {
                    return t[key];
                }
                return amo.anything(name + '.' + key);
            },
            set: function (t, key, value) {
                t[key] = value;
                return true;
            },
            apply: function (t, self, args) {
                amo.record(name, slice.call(args));
                return amo.anything(name + '()');
            },
            construct: function (t, args) {
                amo.record('new ' + name, slice.call(args));
                return amo.anything(name);
            }
        });
    };

    // jQuery.Deferred as far as widgets use it: done/fail/always/then/promise/resolve/reject/state.
    function Deferred() {
        var state = 'pending', values = [], handlers = [];
        function settle(newState, args) {
            if (state !== 'pending') {
                return d;
            }
            state = newState;
            values = args;
            var list = handlers;
            handlers = [];
            list.forEach(run);
            return d;
        }
        function run(h) {
            if (h.on === 'always' || h.on === state) {
                h.fn.apply(null, values);
            }
        }
        function add(on, fns) {
            fns.forEach(function (fn) {
                if (typeof fn === 'function') {
                    var h = { on: on, fn: fn };
                    if (state === 'pending') {
                        handlers.push(h);
                    } else {
                        run(h);
                    }
                }
            });
        }
        var promise = {
            state: function () { return state; },
            done: function () { add('resolved', slice.call(arguments)); return this; },
            fail: function () { add('rejected', slice.call(arguments)); return this; },
            always: function () { add('always', slice.call(arguments)); return this; },
            then: function (ok, bad) {
                var next = Deferred();
                add('resolved', [function () {
                    var r = typeof ok === 'function' ? ok.apply(null, arguments) : arguments[0];
                    if (r && typeof r.then === 'function') { r.then(next.resolve, next.reject); } else { next.resolve(r); }
                }]);
                add('rejected', [function () {
                    if (typeof bad === 'function') { next.resolve(bad.apply(null, arguments)); } else { next.reject.apply(null, arguments); }
                }]);
                return next.promise();
            },
            promise: function () { return promise; }
        };
        promise.catch = function (bad) { return promise.then(null, bad); };
        var d = Object.create(promise);
        d.resolve = function () { return settle('resolved', slice.call(arguments)); };
        d.reject = function () { return settle('rejected', slice.call(arguments)); };
        d.promise = function () { return promise; };
        return d;
    }

    // Event bindings on nodes that outlive an area change: a handler bound there again at each change stays twice.
    var lasting = { document: true, window: true, body: true, html: true };

    function parseEvents(events) {
        return String(events || '').split(/\s+/).filter(function (e) { return e; });
    }

    function sameEvent(bound, wanted) {
        var b = bound.split('.'), w = wanted.split('.');
        if (w[0] && w[0] !== b[0]) {
            return false;
        }
        for (var i = 1; i < w.length; i++) {
            if (b.indexOf(w[i]) < 1) {
                return false;
            }
        }
        return true;
    }

    function bind(selector, method, args) {
        if (!lasting[selector]) {
            return;
        }
        var events = args[0], handler = null, delegate = null, i;
        if (events && typeof events === 'object') {
            for (var name in events) {
                if (Object.prototype.hasOwnProperty.call(events, name)) {
                    bind(selector, method, [name, events[name]]);
                }
            }
            return;
        }
        for (i = 1; i < args.length; i++) {
            if (typeof args[i] === 'function') {
                handler = args[i];
                break;
            }
            if (i === 1 && typeof args[i] === 'string') {
                delegate = args[i];
            }
        }
        if (method === 'delegate') {
            delegate = args[0];
            events = args[1];
        }
        if (!handler) {
            return;
        }
        parseEvents(events).forEach(function (e) {
            amo.bindings.push({
                Target: selector, Event: e, Delegate: delegate, Handler: handler,
                Source: String(handler), Location: amo.current.location, Callback: amo.current.callback
            });
        });
    }

    function unbind(selector, method, args) {
        if (!lasting[selector]) {
            return;
        }
        var events = parseEvents(args[0]), handler = null;
        for (var i = 1; i < args.length; i++) {
            if (typeof args[i] === 'function') {
                handler = args[i];
            }
        }
        amo.bindings = amo.bindings.filter(function (b) {
            if (b.Target !== selector) {
                return true;
            }
            if (handler && b.Handler !== handler) {
                return true;
            }
            if (events.length === 0) {
                return false;
            }
            return !events.some(function (e) { return sameEvent(b.Event, e); });
        });
    }

    // Runs the handlers bound on a lasting node for an event (page:changed on leaving an area, per
    // https://www.amocrm.ru/developers/content/web_sdk/init_once).
    amo.trigger = function (selector, event) {
        amo.bindings.filter(function (b) { return b.Target === selector && sameEvent(b.Event, event); })
            .forEach(function (b) {
                b.Handler.call(null, { type: event, target: selector, preventDefault: function () {}, stopPropagation: function () {} });
            });
    };

    var getters = {
        val: 0, html: 0, text: 0, attr: 1, prop: 1, data: 1, css: 1, width: 0, height: 0, outerWidth: 0, outerHeight: 0,
        innerWidth: 0, innerHeight: 0, scrollTop: 0, scrollLeft: 0, offset: 0, position: 0, index: 0, serialize: 0,
        serializeArray: 0, is: -1, hasClass: -1, get: -1, toArray: -1, size: -1
    };
    var getterDefaults = {
        val: '', html: '', text: '', attr: undefined, prop: undefined, data: undefined, css: '', width: 0, height: 0,
        outerWidth: 0, outerHeight: 0, innerWidth: 0, innerHeight: 0, scrollTop: 0, scrollLeft: 0,
        offset: { top: 0, left: 0 }, position: { top: 0, left: 0 }, index: -1, serialize: '', is: false, hasClass: false,
        size: 0
    };
    var traversal = {
        find: 1, closest: 1, parent: 1, parents: 1, children: 1, siblings: 1, next: 1, prev: 1, nextAll: 1, prevAll: 1,
        filter: 1, not: 1, eq: 1, first: 1, last: 1, add: 1, end: 1, contents: 1, has: 1, slice: 1, map: 1, clone: 1
    };
    var binders = { on: 1, bind: 1, one: 1, delegate: 1, live: 1 };
    var unbinders = { off: 1, unbind: 1, undelegate: 1, die: 1 };

    function describe(x) {
        if (x === global.document || x === 'document') { return 'document'; }
        if (x === global || x === global.window) { return 'window'; }
        if (x && x === (global.document && global.document.body)) { return 'body'; }
        if (typeof x === 'string') { return x; }
        if (x && x.__amoSelector !== undefined) { return x.__amoSelector; }
        return '[element]';
    }

    function wrap(selector) {
        var target = { __amoSelector: selector };
        var proxy = new Proxy(target, {
            get: function (t, key) {
                if (key === '__amoSelector') { return selector; }
                if (key === 'length') { return 0; }
                if (key === 'jquery') { return '2.1.3'; }
                if (key === 'selector') { return selector; }
                if (key === Symbol.iterator) { return function () { return [][Symbol.iterator](); }; }
                // The element itself: the host has no DOM, so a stand-in that takes any call (a page would have it).
                if (key === '0') { return amo.anything('$(' + selector + ')[0]'); }
                if (typeof key !== 'string' || key === 'then' || /^\d+$/.test(key)) { return undefined; }
                if (key === 'toString' || key === 'valueOf') { return function () { return '$(' + selector + ')'; }; }
                if (key in t) { return t[key]; }
                return function () {
                    var args = slice.call(arguments);
                    if (binders[key]) { bind(selector, key, args); }
                    if (unbinders[key]) { unbind(selector, key, args); }
                    if (key === 'trigger' && lasting[selector] && typeof args[0] === 'string') {
                        amo.record('$.' + key, [selector].concat(args));
                        amo.trigger(selector, args[0]);
                        return proxy;
                    }
                    // css({...}), attr({...}), prop({...}), data({...}) set several values: a setter, so the chain goes on.
                    var setsMany = getters[key] > 0 && args.length === 1 && args[0] !== null && typeof args[0] === 'object';
                    if (getters.hasOwnProperty(key) && !setsMany && (getters[key] < 0 || args.length <= getters[key])) {
                        var value = getterDefaults[key];
                        var named = key === 'val' && /name=["']?([\w-]+)/.exec(selector);
                        if (named && amo.env.settings && Object.prototype.hasOwnProperty.call(amo.env.settings, named[1])) {
                            // The settings form shows the saved values in input[name=<code>] (widget-runtime.md §1.4).
                            value = String(amo.env.settings[named[1]]);
                        }
                        if (key === 'get' || key === 'toArray') { value = args.length ? undefined : []; }
                        return amo.record('$.' + key, [selector].concat(args), value);
                    }
                    amo.record('$.' + key, [selector].concat(args));
                    if (traversal[key]) {
                        return wrap(selector + ' ' + key + '(' + (typeof args[0] === 'string' ? args[0] : '') + ')');
                    }
                    if (key === 'each' || key === 'promise') {
                        return key === 'promise' ? Deferred().resolve().promise() : proxy;
                    }
                    return proxy;
                };
            },
            set: function (t, key, value) { t[key] = value; return true; }
        });
        return proxy;
    }

    var network = ['ajax', 'get', 'post', 'getJSON', 'getScript'];

    function $(x) {
        if (typeof x === 'function') {
            amo.record('$.ready', [x]);
            x.call(global.document, $);
            return wrap('document');
        }
        return wrap(describe(x));
    }
    var fn = {
        jquery: '2.1.3',
        extend: function (methods) { for (var k in methods) { if (Object.prototype.hasOwnProperty.call(methods, k)) { fn[k] = methods[k]; } } return fn; }
    };
    var statics = {
        fn: fn,
        Deferred: Deferred,
        when: function () {
            var list = slice.call(arguments), d = Deferred(), left = list.length, results = [];
            if (left === 0) { return d.resolve().promise(); }
            list.forEach(function (p, i) {
                if (p && typeof p.then === 'function') {
                    p.then(function (v) { results[i] = v; if (--left === 0) { d.resolve.apply(null, results); } }, d.reject);
                } else {
                    results[i] = p;
                    if (--left === 0) { d.resolve.apply(null, results); }
                }
            });
            return d.promise();
        },
        extend: function () {
            var args = slice.call(arguments), deep = false;
            if (typeof args[0] === 'boolean') { deep = args.shift(); }
            var out = args[0] || {};
            for (var i = 1; i < args.length; i++) {
                var src = args[i];
                for (var k in src) {
                    if (Object.prototype.hasOwnProperty.call(src, k)) {
                        out[k] = deep && src[k] && typeof src[k] === 'object' && !Array.isArray(src[k])
                            ? statics.extend(true, out[k] && typeof out[k] === 'object' ? out[k] : {}, src[k]) : src[k];
                    }
                }
            }
            return out;
        },
        each: function (obj, fn) {
            if (Array.isArray(obj)) { for (var i = 0; i < obj.length; i++) { if (fn.call(obj[i], i, obj[i]) === false) { break; } } }
            else if (obj) { for (var k in obj) { if (Object.prototype.hasOwnProperty.call(obj, k) && fn.call(obj[k], k, obj[k]) === false) { break; } } }
            return obj;
        },
        map: function (obj, fn) {
            var out = [];
            statics.each(obj, function (k, v) { var r = fn(v, k); if (r !== null && r !== undefined) { out = out.concat(r); } });
            return out;
        },
        grep: function (list, fn, invert) { return (list || []).filter(function (v, i) { return !fn(v, i) === !!invert; }); },
        inArray: function (v, list) { return list ? Array.prototype.indexOf.call(list, v) : -1; },
        isArray: Array.isArray,
        isFunction: function (v) { return typeof v === 'function'; },
        isNumeric: function (v) { return !isNaN(parseFloat(v)) && isFinite(v); },
        isPlainObject: function (v) { return !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype; },
        isEmptyObject: function (v) { for (var k in v) { return false; } return true; },
        type: function (v) { return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v; },
        trim: function (s) { return s === null || s === undefined ? '' : String(s).trim(); },
        parseJSON: function (s) { return JSON.parse(s); },
        noop: function () {},
        now: function () { return Date.now(); },
        proxy: function (fn, ctx) { return function () { return fn.apply(ctx, arguments); }; },
        param: function (o) { return Object.keys(o || {}).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(o[k]); }).join('&'); }
    };
    network.forEach(function (name) {
        statics[name] = amo.network.ajax(name, Deferred);
    });
    var jquery = new Proxy($, {
        get: function (t, key) {
            if (key in statics) { return statics[key]; }
            if (key in t || typeof key !== 'string') { return t[key]; }
            return function () { return amo.record('$.' + key, slice.call(arguments)); };
        },
        set: function (t, key, value) { statics[key] = value; return true; }
    });
    amo.$ = jquery;

    // A twig template: rendering is recorded with its parameters and gives back empty markup.
    amo.template = function (ref, text) {
        return {
            render: function (params) {
                amo.record('twig.render', [ref, params]);
                return '';
            }
        };
    };
    function twig(options) {
        options = options || {};
        var template = amo.template(options.ref || options.id || options.href || 'inline', options.data);
        if (typeof options.load === 'function') {
            var load = options.load;
            Promise.resolve().then(function () { load(template); });
        }
        return template;
    }
    // Real widgets call the module both ways, Twig({ref}) and Twig.twig({ref}).
    var twigjs = function (options) { return twig(options); };
    twigjs.twig = twig;
    twigjs.extend = function () {};
    twigjs.cache = function () {};

    // new Modal(options): the options are recorded; init($modal_body) is called as the platform does once it is shown.
    function Modal(options) {
        options = options || {};
        amo.record('Modal', [options]);
        var body = wrap('.modal-body');
        this.options = options;
        this.$modal = body;
        if (typeof options.init === 'function') {
            options.init.call(this, body);
        }
    }
    Modal.prototype.destroy = function () { amo.record('Modal.destroy', []); };
    Modal.prototype._showError = function (text) { amo.record('Modal._showError', [text]); };
    Modal.prototype.showLoader = function () { amo.record('Modal.showLoader', []); };
    Modal.prototype.hideLoader = function () { amo.record('Modal.hideLoader', []); };

    amo.modules.jquery = jquery;
    amo.modules.twigjs = twigjs;
    amo.modules['lib/components/base/modal'] = Modal;
    if (global._) {
        amo.modules.underscore = global._;
    }
    // The other vendor modules of the documented list: known, so not a problem, with no behaviour of their own.
    ['backbone', 'browser-detect', 'chartjs', 'colorpicker', 'rangeslider', 'clipboard', 'cocktail', 'accounting',
        'device', 'enquire', 'FileAPI', 'google-libphonenumber', 'jplayer', 'js-uuid', 'fullcalendar', 'moment', 'pubsub',
        'steady', 'store', 'cropperjs', 'virtualized-list', 'quill', 'intl_tel_input'].forEach(function (id) {
        amo.modules[id] = amo.anything(id);
    });
    global.$ = global.jQuery = jquery;
    global.twig = twig;
})(typeof globalThis !== 'undefined' ? globalThis : this);
