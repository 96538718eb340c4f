// APP, the platform's environment object, and AMOCRM, its deprecated twin, as documented on
// https://www.amocrm.ru/developers/content/web_sdk/env_variables and https://developers.kommo.com/docs/environment-variables
// Built from __amo.env (the location being driven, the constants table). Reads are recorded; a write is a problem
// (the widget requirements forbid writing to APP/AMOCRM) and is still carried out, so the widget runs on as it would.
// Loaded after amo-recorder.js; in the oracle's page too.
(function (global) {
    'use strict';
    var amo = global.__amo;

    // Example values (invented, in the documented shapes of widget-runtime.md §4.3); -Constant replaces them.
    amo.defaultConstants = function () {
        return {
            user: { id: 604211, login: 'anna@example.test', name: 'Anna K.', personal_mobile: '', photo: '', amojo_id: '7c0e0000', uuid: '9f1a0000', api_key: '', group_mates_ids: [], settings: {}, sso_auth: false, theme: 1, tour: false, user_rank: 'master' },
            user_rights: { is_admin: 'Y' },
            account: { id: 31000001, subdomain: 'example', timezone: 'Europe/Moscow', amojo_id: 'b4e20000', users: { '604211': 'Anna K.' }, cf: {} },
            managers: { '604211': { id: '604211', title: 'Anna K.', option: 'Anna K.', active: true, login: 'anna@example.test', status: 'OK', is_admin: 'Y', free_user: 'N', amojo_id: '7c0e0000', avatar: '', theme: 1, group: 'group_0' } },
            groups: { group_0: 'Sales' },
            task_types: {}
        };
    };

    function recorded(name, fn) {
        return function () {
            var answer = fn.apply(this, arguments);
            return amo.record(name, Array.prototype.slice.call(arguments), answer);
        };
    }

    amo.buildApp = function () {
        var env = amo.env;
        // -Constant gives some keys; the others keep their example values.
        var constants = amo.defaultConstants();
        for (var name in env.constants || {}) {
            if (Object.prototype.hasOwnProperty.call(env.constants, name)) {
                constants[name] = env.constants[name];
            }
        }
        var selection = env.selection || [];
        var rows = selection.map(function (row) {
            var model = { id: row.id, attributes: row };
            model.get = function (key) { return row[key]; };
            return model;
        });
        var app = {
            lang_id: env.langId || 'ru',
            constant: function (key, value) {
                if (arguments.length > 1) {
                    amo.problem('AppWrite', 'APP.constant', String(key));
                    constants[key] = value;
                }
                return amo.record('APP.constant', Array.prototype.slice.call(arguments), constants[key]);
            },
            getBaseEntity: recorded('APP.getBaseEntity', function () { return env.baseEntity; }),
            isCard: recorded('APP.isCard', function () { return !!env.isCard; }),
            getWidgetsArea: recorded('APP.getWidgetsArea', function () { return env.widgetsArea; }),
            getV3WidgetsArea: recorded('APP.getV3WidgetsArea', function () { return env.widgetsArea; }),
            data: {
                current_card: env.isCard ? { id: env.cardId || 0, model: { get: function () { return undefined; }, attributes: {} } } : false,
                current_view: { $el: amo.$ ? amo.$('#page_holder') : null },
                current_list: env.isList ? {
                    models: rows,
                    where: function (query) {
                        return rows.filter(function (m) { return query && m.id == query.id; });
                    }
                } : undefined
            },
            sdk: {
                setCallingStatus: recorded('APP.sdk.setCallingStatus', function () { return undefined; }),
                getCallingStatus: recorded('APP.sdk.getCallingStatus', function () { return false; }),
                showUserStatus: recorded('APP.sdk.showUserStatus', function () { return {}; })
            },
            notifications: {
                show_message: recorded('APP.notifications.show_message', function () { return undefined; }),
                show_message_error: recorded('APP.notifications.show_message_error', function () { return undefined; }),
                show_notification: recorded('APP.notifications.show_notification', function () { return undefined; }),
                add_error: recorded('APP.notifications.add_error', function () { return undefined; }),
                add_call: recorded('APP.notifications.add_call', function () { return undefined; })
            },
            addNotificationCallback: recorded('APP.addNotificationCallback', function () { return undefined; }),
            widgets: { legal_handlers: [] },
            element_types: { contacts: 1, leads: 2, companies: 3, todo: 4, customers: 12 }
        };

        function guard(name) {
            return new Proxy(app, {
                set: function (target, key, value) {
                    amo.problem('AppWrite', name + '.' + String(key), null);
                    target[key] = value;
                    return true;
                },
                defineProperty: function (target, key, descriptor) {
                    amo.problem('AppWrite', name + '.' + String(key), null);
                    Object.defineProperty(target, key, descriptor);
                    return true;
                },
                deleteProperty: function (target, key) {
                    amo.problem('AppWrite', name + '.' + String(key), null);
                    delete target[key];
                    return true;
                }
            });
        }

        amo.app = app;
        global.APP = guard('APP');
        global.AMOCRM = guard('AMOCRM');
        return app;
    };
})(typeof globalThis !== 'undefined' ? globalThis : this);
