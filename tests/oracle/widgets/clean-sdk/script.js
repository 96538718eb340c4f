define([], function () {
    return function () {
        var self = this;
        this.callbacks = {
            render: function () { return true; },
            init: function () { self.setSdkCatalogId(5); return true; },
            bind_actions: function () { return true; },
            loadPreloadedData: function () { return Promise.resolve([{ id: 1, sku: 'a', name: 'A', price: 10 }]); },
            loadElements: function (type, id) { return new Promise(function (resolve) { resolve([{ id: id, name: type.type }]); }); },
            linkCard: function (links) { return Promise.resolve(links.link.length); },
            loadCatalogElement: function (element) { return element.catalog_id === 1; },
            settings: function () { return true; },
            onSave: function () { return true; },
            destroy: function () {}
        };
        return this;
    };
});
