{% set payment_methods = var('payment_methods') %}

with orders as (

    select * from {{ ref('stg_orders') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

),

order_payments as (

    select * from {{ ref('int_order_payments') }}

),

amount_by_method as (

    select
        order_id,
        {% for method in payment_methods -%}
        sum(case when payment_method = '{{ method }}' then amount_cents else 0 end) as {{ method }}_cents{% if not loop.last %},{% endif %}
        {% endfor %}
    from payments
    group by order_id

)

select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    row_number() over (
        partition by orders.customer_id
        order by orders.order_date, orders.order_id
    ) as customer_order_number,
    {% for method in payment_methods -%}
    {{ cents_to_dollars('coalesce(amount_by_method.' ~ method ~ '_cents, 0)') }} as {{ method }}_amount,
    {% endfor -%}
    {{ cents_to_dollars('coalesce(order_payments.paid_cents, 0)') }} as amount
from orders
left join order_payments
    on orders.order_id = order_payments.order_id
left join amount_by_method
    on orders.order_id = amount_by_method.order_id
