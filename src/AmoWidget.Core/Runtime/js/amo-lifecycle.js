// The documented arguments of each callback (widget-runtime.md §2, from https://www.amocrm.ru/developers/content/
// integrations/script_js and https://developers.kommo.com/docs/script-js), and how one callback is looked up and
// called. Shared with the oracle's page (which sets __amo.$ to the real jQuery before calling amo.argumentsFor).
(function (global) {
    'use strict';
    var amo = global.__amo;

    amo.argumentsFor = function (callback, location) {
        var env = amo.env;
        var $ = amo.$;
        switch (callback) {
            case 'settings':
                return [$('#widget_settings__fields_wrapper'), location === 'lead_sources' ? { source_id: 1, external_id: 'external-1' } : {}];
            case 'onSave':
                return [{ active: 'Y', fields: env.settings || {} }];
            case 'onAddAsSource':
                return [env.pipelineId || 1];
            case 'loadCatalogElement':
                return [{ id: 1, catalog_id: 1, name: 'Element 1' }];
            case 'loadElements':
                return [{ id: 2, type: 'lead' }, env.cardId || 1];
            case 'linkCard':
                return [{ link: [{ from: 'leads', from_id: env.cardId || 1, quantity: 1, to_id: 1, to_widget_id: env.code }], unlink: [] }];
            case 'searchDataInCard':
                return ['query', 2, env.cardId || 1];
            case 'salesbotDesignerSettings':
                return [$('#salesbot_designer_body'), function () { amo.record('renderRow', Array.prototype.slice.call(arguments)); return ''; }, {}];
            case 'onSalesbotDesignerSave':
                return [env.handlerCode || 'handler', {}];
            case 'initMenuPage':
                return [env.menuParams || { location: location === 'left_menu' ? 'widget_page' : location }];
            default:
                return [];
        }
    };

    // Entering an area: what self.system(), APP.getWidgetsArea(), APP.isCard() and APP.data answer from now on.
    amo.enter = function (area) {
        for (var key in area) {
            if (Object.prototype.hasOwnProperty.call(area, key)) {
                amo.env[key] = area[key];
            }
        }
        if (amo.app) {
            amo.app.data.current_card = area.isCard ? { id: area.cardId || 0, model: { get: function () { return undefined; }, attributes: {} } } : false;
        }
    };

    // Handlers bound to a lasting node (document, window, body) more than once with the same code, still bound.
    amo.duplicateBindings = function () {
        var seen = {}, out = [];
        (amo.bindings || []).forEach(function (b) {
            var key = b.Target + '\u0000' + b.Event + '\u0000' + (b.Delegate || '') + '\u0000' + b.Source;
            if (seen[key]) {
                seen[key].Count++;
            } else {
                // Handler: the first bound function, whose place the host reports (JSON leaves it out).
                seen[key] = { Target: b.Target, Event: b.Event, Delegate: b.Delegate, Count: 1, Location: b.Location, Callback: b.Callback, Handler: b.Handler };
                out.push(seen[key]);
            }
        });
        return out.filter(function (b) { return b.Count > 1; });
    };

    // The callback function under a dotted name ('leads.selected'), or null when the widget has none.
    amo.callbackFunction = function (widget, name) {
        var value = widget && widget.callbacks;
        var parts = name.split('.');
        for (var i = 0; i < parts.length && value; i++) {
            value = value[parts[i]];
        }
        return typeof value === 'function' ? value : null;
    };
})(typeof globalThis !== 'undefined' ? globalThis : this);
