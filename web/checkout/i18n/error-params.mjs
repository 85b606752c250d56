// The params of a server or core error (docs/api.md, "Errors") as the
// catalog's sentences use them: an error names a product by its SKU and a
// store by its id, the shopper reads the product's title and the store's
// name; a sentence with plural forms counts the seconds to wait (count).
// names = { productTitle(sku), storeName(id) }, each undefined when unknown.
export function shownErrorParams(params = {}, names = {}) {
  const shown = { ...params };
  if (params.sku !== undefined && shown.name === undefined) shown.name = names.productTitle?.(params.sku) ?? params.sku;
  if (params.store !== undefined) shown.store = names.storeName?.(params.store) ?? params.store;
  if (params.retry_after !== undefined && shown.count === undefined) shown.count = params.retry_after;
  return shown;
}
