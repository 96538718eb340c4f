define([], function () {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { return true; },
            bind_actions: function () { return true; },
            initMenuPage: function (params) {
                self.system();
                return params.location !== undefined;
            },
            settings: function () { return true; },
            onSave: function () { return true; },
            destroy: function () {}
        };
        return this;
    };
});
