// The demo shop's own words (its heading, navigation, footer, product page
// and return page; the widget brings its own catalog): English and Polish,
// the page languages of the demo merchants. Another language reads English.
//   const w = shopWords('pl-PL');  w.t('demo.product_add_to_cart')  w.t('demo.cart_link_label', { count: 3 })
// "{name}" inserts a parameter; an object value holds plural forms chosen
// with `count` by Intl.PluralRules, as in the widget's catalog.
const WORDS = {
  en: {
    'demo.page_skip': 'Skip to content',
    'demo.nav_label': 'Shop',
    'demo.nav_shop': 'Shop',
    'demo.nav_cart': 'Cart',
    'demo.cart_link_label': { one: 'Cart, {count} item', other: 'Cart, {count} items' },
    'demo.shop_title': 'Gear for every trail',
    'demo.shop_lede': 'Free standard shipping over $75 · Pick up today at a store near you',
    'demo.shop_filter_label': 'Filter by category',
    'demo.shop_products': 'Products',
    'demo.shop_all': 'All',
    'demo.shop_more': 'Show more products',
    'demo.product_all_products': 'All products',
    'demo.product_option': 'Option',
    'demo.product_quantity': 'Quantity',
    'demo.product_near_label': 'Pickup near ZIP code',
    'demo.product_check_stores': 'Check stores',
    'demo.product_add_to_cart': 'Add to cart',
    'demo.product_pick_up': 'Pick up in store',
    'demo.product_pick_up_at': 'Pick up at {store}',
    'demo.product_no_stores_near': 'We have no stores mapped near that ZIP code yet.',
    'demo.product_added': 'Added {count} to your cart.',
    'demo.product_added_pickup': 'Added {count} for pickup.',
    'demo.product_view_cart': 'View cart',
    'demo.stock_none_to_ship': 'None left to ship.',
    'demo.stock_few_to_ship': 'Only {count} left to ship.',
    // The same inside a sentence ("Sold out: none left to ship. ...").
    'demo.stock_none_to_ship_inline': 'none left to ship.',
    'demo.stock_few_to_ship_inline': 'only {count} left to ship.',
    'demo.stock_checking': 'Checking store availability…',
    'demo.stock_ship_only_no_pickup': 'Ship only: not available for store pickup.',
    'demo.stock_sold_out_no_pickup': 'Sold out: {ship} Not available for store pickup.',
    'demo.stock_ship_only_not_in_stores': 'Ship only: not in stock at stores.',
    'demo.stock_ship_only_not_in_stores_near': 'Ship only: not in stock at stores near you.',
    'demo.stock_sold_out_not_in_stores': 'Sold out: {ship} Not in stock at stores.',
    'demo.stock_sold_out_not_in_stores_near': 'Sold out: {ship} Not in stock at stores near you.',
    'demo.stock_today': { one: 'Available for pickup today at {count} store.', other: 'Available for pickup today at {count} stores.' },
    'demo.stock_today_near': { one: 'Available for pickup today at {count} store near you.', other: 'Available for pickup today at {count} stores near you.' },
    'demo.stock_later': { one: 'Available for pickup at {count} store (not today).', other: 'Available for pickup at {count} stores (not today).' },
    'demo.stock_later_near': { one: 'Available for pickup at {count} store near you (not today).', other: 'Available for pickup at {count} stores near you (not today).' },
    'demo.stock_pickup_only': 'Pickup only: {ship} {pickup}',
    'demo.stock_choose_store': 'Enter your ZIP code to choose a store.',
    'demo.stock_ships_too': '{pickup} Ships too.',
    'demo.cart_title': 'Cart and checkout',
    'demo.cart_page_title': 'Cart',
    'demo.footer_demo': 'Demo store.',
    'demo.footer_returns': 'Return items',
    'demo.footer_staff': 'Staff:',
    'demo.footer_staff_link': 'store pickup orders',
    'demo.returns_page_title': 'Return items',
    'demo.returns_header': 'Returns',
    'demo.returns_order_number': 'Order number',
    'demo.returns_email': 'Email used for the order',
    'demo.returns_find': 'Find my order',
    'demo.returns_choose': 'Choose what to send back',
    'demo.returns_by_mail': 'Send the items back by mail. You see the exact refund before you confirm.',
    'demo.returns_not_found': 'We could not find an order with that number and email.',
    'demo.returns_sellable': 'Unused, in its packaging',
    'demo.returns_damaged': 'Damaged or faulty',
  },
  pl: {
    'demo.page_skip': 'Przejdź do treści',
    'demo.nav_label': 'Sklep',
    'demo.nav_shop': 'Sklep',
    'demo.nav_cart': 'Koszyk',
    'demo.cart_link_label': { one: 'Koszyk, {count} produkt', few: 'Koszyk, {count} produkty', many: 'Koszyk, {count} produktów', other: 'Koszyk, {count} produktu' },
    'demo.shop_title': 'Rękodzieło i smaki z całej Polski',
    'demo.shop_lede': 'Dostawa do domu albo odbiór w sklepie w Warszawie i Krakowie',
    'demo.shop_filter_label': 'Filtruj według kategorii',
    'demo.shop_products': 'Produkty',
    'demo.shop_all': 'Wszystko',
    'demo.shop_more': 'Pokaż więcej produktów',
    'demo.product_all_products': 'Wszystkie produkty',
    'demo.product_option': 'Wariant',
    'demo.product_quantity': 'Ilość',
    'demo.product_near_label': 'Odbiór w pobliżu: kod pocztowy',
    'demo.product_check_stores': 'Sprawdź sklepy',
    'demo.product_add_to_cart': 'Dodaj do koszyka',
    'demo.product_pick_up': 'Odbierz w sklepie',
    'demo.product_pick_up_at': 'Odbierz w sklepie {store}',
    'demo.product_no_stores_near': 'Nie mamy jeszcze sklepów w pobliżu tego kodu pocztowego.',
    'demo.product_added': 'Dodano do koszyka: {count} szt.',
    'demo.product_added_pickup': 'Dodano do odbioru w sklepie: {count} szt.',
    'demo.product_view_cart': 'Zobacz koszyk',
    'demo.stock_none_to_ship': 'Brak sztuk do wysyłki.',
    'demo.stock_few_to_ship': 'Do wysyłki zostało tylko {count} szt.',
    'demo.stock_none_to_ship_inline': 'Brak sztuk do wysyłki.',
    'demo.stock_few_to_ship_inline': 'Do wysyłki zostało tylko {count} szt.',
    'demo.stock_checking': 'Sprawdzamy dostępność w sklepach…',
    'demo.stock_ship_only_no_pickup': 'Tylko wysyłka: tego produktu nie można odebrać w sklepie.',
    'demo.stock_sold_out_no_pickup': 'Wyprzedane. {ship} Tego produktu nie można odebrać w sklepie.',
    'demo.stock_ship_only_not_in_stores': 'Tylko wysyłka: brak w sklepach.',
    'demo.stock_ship_only_not_in_stores_near': 'Tylko wysyłka: brak w sklepach w pobliżu.',
    'demo.stock_sold_out_not_in_stores': 'Wyprzedane. {ship} Brak w sklepach.',
    'demo.stock_sold_out_not_in_stores_near': 'Wyprzedane. {ship} Brak w sklepach w pobliżu.',
    'demo.stock_today': {
      one: 'Do odbioru dziś w {count} sklepie.', few: 'Do odbioru dziś w {count} sklepach.',
      many: 'Do odbioru dziś w {count} sklepach.', other: 'Do odbioru dziś w {count} sklepu.',
    },
    'demo.stock_today_near': {
      one: 'Do odbioru dziś w {count} sklepie w pobliżu.', few: 'Do odbioru dziś w {count} sklepach w pobliżu.',
      many: 'Do odbioru dziś w {count} sklepach w pobliżu.', other: 'Do odbioru dziś w {count} sklepu w pobliżu.',
    },
    'demo.stock_later': {
      one: 'Do odbioru w {count} sklepie (nie dziś).', few: 'Do odbioru w {count} sklepach (nie dziś).',
      many: 'Do odbioru w {count} sklepach (nie dziś).', other: 'Do odbioru w {count} sklepu (nie dziś).',
    },
    'demo.stock_later_near': {
      one: 'Do odbioru w {count} sklepie w pobliżu (nie dziś).', few: 'Do odbioru w {count} sklepach w pobliżu (nie dziś).',
      many: 'Do odbioru w {count} sklepach w pobliżu (nie dziś).', other: 'Do odbioru w {count} sklepu w pobliżu (nie dziś).',
    },
    'demo.stock_pickup_only': 'Tylko odbiór w sklepie. {ship} {pickup}',
    'demo.stock_choose_store': 'Podaj kod pocztowy, aby wybrać sklep.',
    'demo.stock_ships_too': '{pickup} Możliwa też wysyłka.',
    'demo.cart_title': 'Koszyk i kasa',
    'demo.cart_page_title': 'Koszyk',
    'demo.footer_demo': 'Sklep demonstracyjny.',
    'demo.footer_returns': 'Zwrot towaru',
    'demo.footer_staff': 'Dla obsługi:',
    'demo.footer_staff_link': 'zamówienia do odbioru w sklepie',
    'demo.returns_page_title': 'Zwrot towaru',
    'demo.returns_header': 'Zwroty',
    'demo.returns_order_number': 'Numer zamówienia',
    'demo.returns_email': 'E-mail podany w zamówieniu',
    'demo.returns_find': 'Znajdź zamówienie',
    'demo.returns_choose': 'Wybierz, co odsyłasz',
    'demo.returns_by_mail': 'Odeślij produkty pocztą. Dokładną kwotę zwrotu zobaczysz przed potwierdzeniem.',
    'demo.returns_not_found': 'Nie znaleźliśmy zamówienia o tym numerze i adresie e-mail.',
    'demo.returns_sellable': 'Nieużywany, w oryginalnym opakowaniu',
    'demo.returns_damaged': 'Uszkodzony lub wadliwy',
    // The Polish merchant's category ids (server-stub/data/pl-demo) as shoppers read them.
    'demo.category_bizuteria': 'biżuteria',
    'demo.category_ceramika': 'ceramika',
    'demo.category_dom': 'dom',
    'demo.category_karty-podarunkowe': 'karty podarunkowe',
    'demo.category_ksiazki': 'książki',
    'demo.category_kuchnia': 'kuchnia',
    'demo.category_odziez': 'odzież',
    'demo.category_rosliny': 'rośliny',
    'demo.category_spozywcze': 'spożywcze',
  },
};

export const SHOP_LANGUAGES = Object.freeze(Object.keys(WORDS));
// For the tests: each language's table.
export const shopTables = () => WORDS;

// A page's static words in `words`' language: data-shop-word="key" for the
// text, data-shop-label="key" for aria-label.
export function translateStatic(words, root = document) {
  for (const node of root.querySelectorAll('[data-shop-word]')) node.textContent = words.t(node.dataset.shopWord);
  for (const node of root.querySelectorAll('[data-shop-label]')) node.setAttribute('aria-label', words.t(node.dataset.shopLabel));
}

export function shopWords(locale) {
  let tag = 'en';
  try { tag = new Intl.Locale(locale).language; } catch { /* English */ }
  const table = WORDS[tag] ?? WORDS.en;
  const language = WORDS[tag] ? tag : 'en';
  const plurals = new Intl.PluralRules(language);
  function t(key, params = {}) {
    const value = table[key] ?? WORDS.en[key] ?? key;
    const text = typeof value === 'object' ? value[plurals.select(Number(params.count ?? 0))] ?? value.other : value;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }
  // A category id ("gift-cards") as a label: the table's name, else the id with spaces.
  const category = (id) => table[`demo.category_${id}`] ?? id.replaceAll('-', ' ');
  return { language, t, category };
}
