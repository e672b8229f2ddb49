/**
 * Names the generator draws from. Business-like names matter: the analyzer's
 * hashing, interning and fuzzy "did you mean" paths behave differently on
 * realistic identifiers than on `m1, m2, …`.
 */

export const DOMAIN_WORDS = [
  'sales', 'billing', 'marketing', 'inventory', 'support', 'logistics', 'finance', 'product',
  'people', 'web', 'payments', 'crm', 'ads', 'risk', 'supply', 'retail', 'partners', 'growth',
  'content', 'fleet', 'claims', 'lending', 'travel', 'energy', 'telecom',
];

/** Entities of a domain; each becomes a raw source table and a staging model. */
export const ENTITY_WORDS = [
  'order', 'customer', 'payment', 'invoice', 'shipment', 'ticket', 'session', 'event', 'product',
  'subscription', 'refund', 'campaign', 'lead', 'contract', 'employee', 'vendor', 'warehouse',
  'return', 'review', 'coupon', 'visit', 'claim', 'loan', 'trip', 'meter', 'device', 'plan',
  'quote', 'opportunity', 'task', 'transfer', 'booking', 'delivery', 'store', 'agent',
];

export const STATUS_VALUES = [
  ['placed', 'shipped', 'completed', 'returned'],
  ['open', 'pending', 'closed'],
  ['active', 'paused', 'cancelled'],
  ['new', 'qualified', 'won', 'lost'],
  ['draft', 'sent', 'paid', 'void'],
];

/** Raw money columns are stored in cents and converted by the cents_to_dollars macro. */
export const CENTS_COLUMNS = ['amount_cents', 'tax_cents', 'discount_cents', 'fee_cents', 'shipping_cents', 'cost_cents'];

export const TEXT_COLUMNS = ['name', 'email', 'channel', 'country_code', 'region', 'plan_name', 'source_system', 'category', 'city', 'currency'];

export const NUMBER_COLUMNS = ['quantity', 'weight_kg', 'duration_seconds', 'score', 'units', 'distance_km'];

export const FLAG_COLUMNS = ['is_deleted', 'is_test', 'is_priority'];

export const VERBS_INTERMEDIATE = ['enriched', 'joined', 'pivoted', 'rollup', 'daily', 'deduped', 'scored', 'windowed'];

export const VERBS_MARTS = ['summary', 'metrics', 'history', 'overview', 'facts', 'snapshot', 'performance', 'health'];

export function plural(word) {
  if (word.endsWith('y') && !/[aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (word.endsWith('s') || word.endsWith('x') || word.endsWith('ch')) return word + 'es';
  return word + 's';
}

/** Domain names: the base words first, then numbered variants once they run out (sales_02 …). */
export function domainNames(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const base = DOMAIN_WORDS[i % DOMAIN_WORDS.length];
    const round = Math.floor(i / DOMAIN_WORDS.length);
    out.push(round === 0 ? base : `${base}_${String(round + 1).padStart(2, '0')}`);
  }
  return out;
}
