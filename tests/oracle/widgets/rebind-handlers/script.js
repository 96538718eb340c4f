define(['jquery'], function ($) {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { return true; },
            bind_actions: function () {
                // Bound again at every area change and never unbound: the handler piles up on document.
                $(document).on('click', '.oracle-rebind', function () { self.crm_post('https://api.example.test/click', {}); });
                return true;
            },
            leads: { selected: function () { return true; } },
            destroy: function () {}
        };
        return this;
    };
});
