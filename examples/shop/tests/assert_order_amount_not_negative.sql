-- An order can be free (fully paid by coupon) but never worth less than nothing.
select order_id, amount
from {{ ref('orders') }}
where amount < 0
