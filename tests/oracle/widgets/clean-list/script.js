define(['jquery', 'underscore'], function ($, _) {
    return function () {
        var self = this;
        function selected() {
            var rows = self.list_selected();
            var ids = _.pluck(rows.selected, 'id');
            self.crm_post('https://api.example.test/selected', { ids: ids, area: self.system().area, user: APP.constant('user').id }, function () {}, 'json');
            return rows.summary.items === ids.length;
        }
        this.callbacks = {
            render: function () { return APP.getWidgetsArea() !== undefined; },
            init: function () { return true; },
            bind_actions: function () { return true; },
            leads: { selected: selected },
            contacts: { selected: selected },
            todo: { selected: selected },
            settings: function () { return true; },
            onSave: function () { return true; },
            destroy: function () {}
        };
        return this;
    };
});
