/** The plain-words statement every policy report and API answer carries. */
export const UPLIFT_DISCLAIMER =
  'Uplift is an assumption, not a measurement: there is no treatment data, so nothing here learned how many customers an action keeps. The figures say what the policy is worth if the assumed uplift holds; test the action on a random holdout before trusting them.';
