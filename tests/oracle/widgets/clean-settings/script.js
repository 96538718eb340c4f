define(['jquery', 'lib/components/base/modal'], function ($, Modal) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { return true; },
            bind_actions: function () { return true; },
            settings: function ($wrapper, params) {
                $wrapper.find('input[name="login"]').attr('placeholder', self.i18n('settings').login);
                return true;
            },
            onSave: function (data) {
                self.set_settings({ saved_by: APP.constant('user').login, active: data.active });
                return true;
            },
            advancedSettings: function () {
                new Modal({ class_name: 'oracle-modal', init: function ($body) { $body.html(self.i18n('settings').title); } });
                return true;
            },
            destroy: function () {}
        };
        return this;
    };
});
