define(['jquery'], function ($) {
    var config = null;
    var timeout = config.timeout;
    return function () {
        this.callbacks = { render: function () { return true; } };
        return this;
    };
});
