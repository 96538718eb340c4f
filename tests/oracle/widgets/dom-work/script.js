define(['jquery', 'underscore'], function ($, _) {
    return function () {
        var self = this;
        var template = _.template('<div class="oracle-dom"><%- name %>: <%= _.map(items, function (i) { return i * 2; }).join(",") %></div>');
        this.callbacks = {
            render: function () {
                var html = template({ name: self.i18n('widget').name, items: _.range(1, 4) });
                $('body').append(html);
                $('.oracle-dom').addClass('ready').css({ color: 'red' }).attr('data-area', self.system().area);
                self.set_settings({ markup: html, sorted: _.sortBy([3, 1, 2], _.identity), grouped: _.countBy(['a', 'b', 'a']) });
                return true;
            },
            init: function () {
                var deferred = $.Deferred();
                deferred.resolve(_.uniq([1, 1, 2]));
                var seen = null;
                deferred.done(function (values) { seen = values; });
                self.set_settings({ seen: seen, when: $.extend({}, { a: 1 }, { b: 2 }) });
                return true;
            },
            bind_actions: function () {
                $('#page_holder').on('click', '.oracle-dom', _.debounce(function () {}, 50));
                return true;
            },
            settings: function ($wrapper) {
                $wrapper.html($('<span>').text(self.i18n('widget').short_description));
                return true;
            },
            onSave: function () { return true; },
            destroy: function () { $('#page_holder').off('click'); }
        };
        return this;
    };
});
