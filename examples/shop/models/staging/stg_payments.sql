with source as (

    select * from {{ source('raw', 'payments') }}

)

select
    id as payment_id,
    order_id,
    payment_method,
    -- amounts arrive in cents; keep them exact here and convert in the marts
    amount as amount_cents,
    cast(created_at as timestamp) as paid_at
from source
