define(['jquery'], function ($) {
    var Widget = function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { self.add_action('phone', function () {}); return true; },
            bind_actions: function () { return true; },
            dpSettings: function () {
                var area = APP.getWidgetsArea();
                self.set_settings({ dp_area: area });
                return true;
            },
            settings: function () { return true; },
            onSave: function () { return true; },
            destroy: function () {}
        };
        return this;
    };
    return Widget;
});
