/** What the Buy panel shows: one button whose label tells the whole story, and a line under it. */
export interface BuyView {
  /** Stable name for tests and styling. */
  state: string;
  label: string;
  /** What a screen reader announces and what is shown under the button. */
  message: string;
  variant: string;
  enabled: boolean;
  busy?: boolean;
  action?: "buy" | "login";
}

/** Every unit is gone: the same words whether the sale or its waiting room says so. */
export const soldOutView: BuyView = {
  state: "sold-out",
  label: "Sold out",
  message: "Sold out — every coupon has been taken.",
  variant: "secondary",
  enabled: false,
};
