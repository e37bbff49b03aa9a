import { creditEndpoints } from "@comic-studio/shared";
import { call } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { useAsync } from "../lib/useAsync.ts";

/** The account's credit balance, reloadable after a charge. */
export function useBalance() {
  return useAsync(() => call(creditEndpoints.getCredits), []);
}

/**
 * What an action costs, said before the creator confirms it: the price, the balance, and a clear
 * line when the balance does not cover it.
 */
export function PriceNote({ price, balance }: { price: number; balance: number | undefined }) {
  if (price === 0) return <p className="muted small lib-price">Free.</p>;
  const short = balance !== undefined && balance < price;
  return (
    <p className={`small lib-price ${short ? "error" : "muted"}`} data-testid="price-note">
      Costs <strong>{price} credits</strong>
      {balance === undefined ? "." : ` · you have ${balance}.`}
      {short && (
        <>
          {" "}
          Not enough credits: <Link to="/credits">see Credits</Link>.
        </>
      )}
    </p>
  );
}
