import { formatMoney } from "@/components/format";
import { describeSaving, priceSaving } from "@/components/ui/price-saving";

// Sale price, struck-through list price and saving line, per size: the list price stays secondary to the sale price.
const sizes = {
  md: { sale: "fs-4", list: "", saving: "small" },
  lg: { sale: "display-6", list: "fs-4", saving: "" },
} as const;

interface Props {
  /** Cents. */
  price: number;
  /** Cents; shown only when above `price`, so a stale or odd value never shows a negative saving. */
  listPrice?: number | null;
  /** `md` on cards, `lg` on the coupon's own page. */
  size?: keyof typeof sizes;
}

/** The sale price; with a list price above it, that price struck through and the saving in words. */
export function PriceTag({ price, listPrice, size = "md" }: Props) {
  const saving = priceSaving(price, listPrice);
  const classes = sizes[size];
  return (
    <div>
      <div className="d-flex flex-wrap align-items-baseline column-gap-2">
        <span className={`${classes.sale} fw-semibold`} data-testid="coupon-price">
          {formatMoney(price)}
        </span>
        {saving && (
          <del className={`text-body-secondary ${classes.list}`.trim()} data-testid="list-price">
            {/* A strike-through is visual only; screen readers are told what the second price is. */}
            <span className="visually-hidden">Usual price </span>
            {formatMoney(price + saving.amount)}
          </del>
        )}
      </div>
      {saving && (
        <div className={`text-success fw-semibold ${classes.saving}`.trim()} data-testid="saving">
          {describeSaving(saving)}
        </div>
      )}
    </div>
  );
}
