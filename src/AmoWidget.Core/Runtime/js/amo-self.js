// `self`, the widget object the platform extends with what script.js describes, built from __amo.env (the widget's
// manifest, its i18n file, a settings table, the location being driven). The members and shapes are those of
// https://www.amocrm.ru/developers/content/integrations/script_js and https://developers.kommo.com/docs/script-js
// (summarised with sources in widget-runtime.md §3). Every call is recorded as 'self.<name>'. Loaded after
// amo-recorder.js and amo-app.js; in the oracle's page too.
(function (global) {
    'use strict';
    var amo = global.__amo;

    // Names every object answers for without the widget defining them (a read of these is not a missing key).
    function inherent(key) {
        return typeof key !== 'string' || key in Object.prototype || key === 'then' || key === 'toJSON'
            || key === 'length' || key === '__amoSelector' || key.charAt(0) === '_' || key.charAt(0) === '@';
    }

    // An object whose reads of keys it does not have are problems of `kind` (an i18n key, a setting code).
    amo.watched = function (object, kind, prefix, depth) {
        if (object === null || typeof object !== 'object' || typeof Proxy === 'undefined') {
            return object;
        }
        return new Proxy(object, {
            get: function (target, key) {
                if (!(key in target)) {
                    if (!inherent(key)) {
                        amo.problem(kind, prefix ? prefix + '.' + key : String(key), null);
                    }
                    return undefined;
                }
                var value = target[key];
                return depth > 0 && value && typeof value === 'object' && !Array.isArray(value)
                    ? amo.watched(value, kind, prefix ? prefix + '.' + key : String(key), depth - 1)
                    : value;
            }
        });
    };

    function rec(name, fn) {
        return function () {
            var args = Array.prototype.slice.call(arguments);
            var answer = fn.apply(this, args);
            return amo.record('self.' + name, args, answer);
        };
    }

    function resolved(value) {
        return amo.$ && amo.$.Deferred ? amo.$.Deferred().resolve(value).promise() : Promise.resolve(value);
    }

    amo.makeWidget = function () {
        var env = amo.env;
        var settings = {};
        var codes = env.settingCodes || [];
        var i;
        for (i = 0; i < codes.length; i++) {
            settings[codes[i]] = '';
        }
        var given = env.settings || {};
        for (var key in given) {
            if (Object.prototype.hasOwnProperty.call(given, key)) {
                settings[key] = given[key];
            }
        }
        settings.widget_code = env.code;
        settings.path = env.path;
        settings.version = env.version;
        settings.images_path = env.path + '/images';
        settings.active = 'Y';

        var langs = env.langs || {};
        var postsInCall = { call: null, count: 0 };
        var widget = {
            params: { path: env.path, cdn_path: env.path, images_path: env.path + '/images', widget_code: env.code, version: env.version, active: 'Y', widget_active: 'Y', id: 1, status: 'installed' },
            langs: amo.watched(langs, 'I18nKeyAbsent', '', 2),
            system: rec('system', function () {
                return { area: env.area, amouser_id: '604211', amouser: 'anna@example.test', amohash: 'amohash0', subdomain: 'example', domain: 'example.amocrm.ru', server: 'example.amocrm.ru' };
            }),
            i18n: rec('i18n', function (key) {
                if (!(key in langs) && typeof key === 'string' && key.indexOf('.') > 0) {
                    // A dotted key ('settings.login') is not in the docs' examples; read as a path, it is no problem
                    // when the file has it.
                    var found = key.split('.').reduce(function (o, k) { return o && typeof o === 'object' ? o[k] : undefined; }, langs);
                    if (found !== undefined) {
                        return found;
                    }
                }
                if (!(key in langs)) {
                    amo.problem('I18nKeyAbsent', String(key), null);
                    return undefined;
                }
                var value = langs[key];
                return value && typeof value === 'object' ? amo.watched(value, 'I18nKeyAbsent', String(key), 1) : value;
            }),
            set_lang: rec('set_lang', function (value) { widget.langs = value; langs = value || {}; return undefined; }),
            get_settings: rec('get_settings', function () { return amo.watched(settings, 'SettingAbsent', '', 0); }),
            set_settings: rec('set_settings', function (values) {
                for (var k in values) {
                    if (Object.prototype.hasOwnProperty.call(values, k)) {
                        settings[k] = values[k];
                    }
                }
                return undefined;
            }),
            get_install_status: rec('get_install_status', function () { return env.installStatus || 'installed'; }),
            get_version: rec('get_version', function () { return env.version; }),
            get_accounts_current: rec('get_accounts_current', function () { return global.APP ? global.APP.constant('account') : {}; }),
            crm_post: function (url, data, callback, type, error) {
                // The platform sends at most one crm_post a second and queues the rest; more than one in one callback
                // call is a burst the user waits for (https://www.amocrm.ru/developers/content/web_sdk/mechanics).
                var key = amo.current.location + '/' + amo.current.callback;
                postsInCall = postsInCall.call === key ? { call: key, count: postsInCall.count + 1 } : { call: key, count: 1 };
                if (postsInCall.count === 2) {
                    amo.problem('CrmPostRate', 'self.crm_post', String(url));
                }
                var answer = amo.answer('self.crm_post', { url: url, data: data, type: type || 'text' }, Array.prototype.slice.call(arguments));
                if (answer !== null && typeof callback === 'function') {
                    Promise.resolve().then(function () { callback(answer); });
                }
                return undefined;
            },
            $authorizedAjax: function (options) {
                var answer = amo.answer('self.$authorizedAjax', options);
                var deferred = amo.$.Deferred();
                if (answer !== null) {
                    deferred.resolve(answer);
                }
                return deferred.promise();
            },
            render: rec('render', function (data, params) {
                data = data || {};
                var template = amo.template(data.ref || data.href || 'inline', data.data);
                if (typeof data.load === 'function') {
                    var load = data.load;
                    Promise.resolve().then(function () { load(template); });
                    return undefined;
                }
                if (data.promised) {
                    return Promise.resolve(template);
                }
                return template.render(params);
            }),
            render_template: rec('render_template', function () { return undefined; }),
            get_current_card_contacts_data: rec('get_current_card_contacts_data', function () { return Promise.resolve([]); }),
            listenSocketChannel: rec('listenSocketChannel', function () { return function () { amo.record('self.listenSocketChannel.unsubscribe', []); }; }),
            list_selected: rec('list_selected', function () {
                var rows = (env.selection || []).map(function (row) {
                    return { id: row.id, type: row.type || env.baseEntity, emails: row.emails || [], phones: row.phones || [] };
                });
                var emails = 0, phones = 0;
                rows.forEach(function (r) { emails += r.emails.length; phones += r.phones.length; });
                return { selected: rows, summary: { items: rows.length, emails: emails, phones: phones } };
            }),
            widgetsOverlay: rec('widgetsOverlay', function () { return undefined; }),
            add_action: rec('add_action', function () { return undefined; }),
            add_source: rec('add_source', function () { return undefined; }),
            setSdkCatalogId: rec('setSdkCatalogId', function () { return undefined; }),
            set_status: rec('set_status', function () { return undefined; }),
            get_pipeline_id: rec('get_pipeline_id', function () {
                var deferred = amo.$.Deferred();
                if (env.pipelineId !== undefined && env.pipelineId !== null) {
                    deferred.resolve(env.pipelineId);
                } else {
                    deferred.reject('not bound to a pipeline');
                }
                return deferred.promise();
            })
        };
        return widget;
    };

    // Builds the widget from what the AMD factory returned: a constructor run with `this` inheriting the widget
    // object (so self.* works inside the constructor, as the docs' get_settings example needs), or an object.
    amo.instantiate = function (made) {
        var base = amo.makeWidget();
        var instance;
        if (typeof made === 'function') {
            if (made.prototype && Object.getPrototypeOf(made.prototype) === Object.prototype) {
                Object.setPrototypeOf(made.prototype, base);
            }
            instance = new made();
            if (!(instance instanceof Object)) {
                instance = base;
            }
        } else if (made && typeof made === 'object') {
            instance = made;
            if (Object.getPrototypeOf(instance) === Object.prototype) {
                Object.setPrototypeOf(instance, base);
            }
        } else {
            return null;
        }
        amo.widget = instance;
        return instance;
    };
})(typeof globalThis !== 'undefined' ? globalThis : this);
