define(['jquery'], function ($) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () {
                var area = self.system().area;
                self.render_template({ caption: { class_name: 'oracle-card' }, body: '<b>' + area + '</b>', render: '' });
                return APP.isCard() && APP.getBaseEntity().length > 0 && APP.data.current_card.id === 1;
            },
            init: function () {
                var settings = self.get_settings();
                self.set_status(settings.login ? 'installed' : 'error');
                return true;
            },
            bind_actions: function () {
                $(document).on('click.' + self.get_settings().widget_code, '.oracle-card', function () { self.widgetsOverlay(true); });
                return true;
            },
            settings: function () { return true; },
            onSave: function () { return true; },
            destroy: function () {
                $(document).off('.' + self.get_settings().widget_code);
            }
        };
        return this;
    };
});
