define(['jquery'], function ($) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { return true; },
            bind_actions: function () { return true; },
            onAddAsSource: function (pipelineId) {
                self.add_source('external', function () { return pipelineId; });
                return true;
            },
            settings: function ($body, source) { return source.source_id === 1; },
            salesbotDesignerSettings: function ($body, renderRow, params) {
                return { exits: [{ code: 'success', title: self.i18n('widget').name }] };
            },
            onSalesbotDesignerSave: function (handlerCode, params) {
                return JSON.stringify([{ question: [{ handler: 'widget_request', params: { url: 'https://api.example.test/bot', data: { code: handlerCode } } }] }]);
            },
            onSave: function () { return true; },
            destroy: function () {}
        };
        return this;
    };
});
