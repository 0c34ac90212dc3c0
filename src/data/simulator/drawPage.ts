import type { SeededRandom } from '../../ml/random.ts';
import { emptyPageItems, ITEMS_PER_PAGE, type PageRecord } from '../../session/index.ts';
import { churnProbability } from './hazard.ts';
import type { PriceParams, RateParams } from './params.ts';
import type { SessionState } from './sessionState.ts';
import { priceAcceptance, type SimulatorTables } from './tables.ts';

/** Rates are written with 6 decimals, as in the real log. */
function roundRate(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function drawRate(rng: SeededRandom, rate: RateParams): number {
  if (rng.uniform() < rate.zeroShare) return 0;
  return roundRate(Math.min(rate.max, rate.median * Math.exp(rate.logSd * rng.normal())));
}

/** A price from the ordinary or the premium part; retail-looking: whole yuan (`29.0`), tenths (`25.8`) or cents (`49.97`), never 0. */
function drawPrice(rng: SeededRandom, logMean: number, price: PriceParams): number {
  const premium = rng.uniform() < price.tailShare;
  const logPrice = premium
    ? logMean + price.tailLogMeanOffset + price.tailLogSd * rng.normal()
    : logMean + price.logSd * rng.normal();
  const raw = Math.min(price.maxYuan, Math.exp(logPrice));
  const u = rng.uniform();
  let rounded: number;
  if (u < price.wholeYuanShare && raw >= 10) rounded = Math.round(raw);
  else if (u < 1 - price.centShare && raw >= 1) rounded = Math.round(raw * 10) / 10;
  else rounded = Math.round(raw * 100) / 100;
  return Math.max(0.01, rounded);
}

function clearItems(page: PageRecord): PageRecord {
  page.itemCount = 0;
  page.position.fill(0);
  page.ctr.fill(0);
  page.cvr.fill(0);
  page.priceYuan.fill(0);
  page.click.fill(0);
  page.cart.fill(0);
  page.fav.fill(0);
  page.purchaseYuan.fill(0);
  page.state.fill(0);
  return page;
}

/** The drawn page and the hazard the simulator used for it. */
export interface DrawnPage {
  record: PageRecord;
  churnProbability: number;
}

/**
 * Draw page `pageId` of a session: item count, shuffled positions, item attributes, the user's
 * clicks, saves and purchases, and the page's churn probability (its terminal flag is drawn from it).
 * With `reuse`, that record is overwritten and returned instead of a new one (no allocation).
 *
 * @example
 * const { record, churnProbability } = drawPage(rng, tables, state, 0, 1);
 */
export function drawPage(
  rng: SeededRandom,
  tables: SimulatorTables,
  state: SessionState,
  pageId: number,
  lineNumber: number,
  reuse?: PageRecord,
): DrawnPage {
  const { params, positionFactor } = tables;
  const page = reuse === undefined ? emptyPageItems() : clearItems(reuse);
  const itemCount =
    rng.uniform() < params.shortPageShare
      ? params.shortPageMinItems + rng.int(ITEMS_PER_PAGE - params.shortPageMinItems)
      : ITEMS_PER_PAGE;
  // Real items take offsets 0 … itemCount-1 of the page, shown in shuffled order (Fisher–Yates).
  const offsets = page.position;
  for (let i = 0; i < itemCount; i++) offsets[i] = i;
  for (let i = itemCount - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = offsets[i];
    offsets[i] = offsets[j];
    offsets[j] = swap;
  }
  const clickMultiplier =
    rng.uniform() < params.click.skimPageShare
      ? state.clickMultiplier * params.click.skimClickFactor
      : state.clickMultiplier;
  let clicks = 0;
  let saves = 0;
  let bought = false;
  for (let i = 0; i < itemCount; i++) {
    const offset = offsets[i];
    page.position[i] = pageId * ITEMS_PER_PAGE + offset;
    const ctr = drawRate(rng, params.ctr);
    const cvr = drawRate(rng, params.cvr);
    const priceYuan = drawPrice(rng, state.priceLogMean, params.price);
    page.ctr[i] = ctr;
    page.cvr[i] = cvr;
    page.priceYuan[i] = priceYuan;
    if (rng.uniform() >= Math.min(1, ctr * clickMultiplier * positionFactor[offset])) continue;
    page.click[i] = 1;
    clicks++;
    page.cart[i] = rng.bernoulli(state.cartProbability);
    page.fav[i] = rng.bernoulli(state.favProbability);
    saves += page.cart[i] + page.fav[i];
    const buyProbability =
      Math.min(1, cvr * state.buyMultiplier) *
      priceAcceptance(priceYuan, state.affordableYuan, params.purchase.priceElasticity);
    if (rng.uniform() < buyProbability) {
      page.purchaseYuan[i] = priceYuan;
      bought = true;
    }
  }
  page.itemCount = itemCount;
  const churn = churnProbability(state.hazardLogit, pageId, clicks, saves, bought, params.hazard);
  const terminal = rng.uniform() < churn ? 1 : 0;
  if (reuse !== undefined) {
    reuse.lineNumber = lineNumber;
    reuse.pageId = pageId;
    reuse.hour = state.hour;
    reuse.profile = state.profile;
    reuse.terminal = terminal;
    return { record: reuse, churnProbability: churn };
  }
  const record: PageRecord = {
    ...page,
    lineNumber,
    pageId,
    hour: state.hour,
    profile: state.profile,
    terminal,
  };
  return { record, churnProbability: churn };
}
