-- One row per order with what was paid, however many payments it took.
select
    {{ dbt_utils.generate_surrogate_key(['order_id']) }} as order_payment_key,
    order_id,
    count(*) as payment_count,
    sum(amount_cents) as paid_cents,
    {{ cents_to_dollars('sum(amount_cents)') }} as paid_amount,
    max(paid_at) as last_paid_at
from {{ ref('stg_payments') }}
group by order_id
