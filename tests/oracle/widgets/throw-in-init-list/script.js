define(['jquery'], function ($) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () {
                // The selection has two rows; the sixth is not there, on a list page or anywhere.
                var rows = self.list_selected().selected;
                return rows[5].id > 0;
            },
            bind_actions: function () { return true; },
            leads: { selected: function () { return true; } },
            destroy: function () {}
        };
        return this;
    };
});
