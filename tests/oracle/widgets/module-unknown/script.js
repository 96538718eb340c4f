define(['jquery', 'not/a/system/module'], function ($, missing) {
    return function () {
        this.callbacks = { render: function () { return true; }, init: function () { return true; }, bind_actions: function () { return true; } };
        return this;
    };
});
