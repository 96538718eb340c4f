define(['jquery'], function ($) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () {
                self.get_settings();
            },
            bind_actions: function () { return 'yes'; },
            settings: function () { return true; },
            onSave: function () { self.set_settings({ saved: 1 }); },
            destroy: function () {}
        };
        return this;
    };
});
