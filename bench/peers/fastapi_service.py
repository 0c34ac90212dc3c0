"""The classic Python peer of bench/serve.ts: FastAPI + pydantic validation + XGBoost.

Same request body as POST /churn (profile, hour, pages of items). Features: a MINIMAL
reimplementation in Python (12 of our 45 features: profile, hour, depth, current-page and
cumulative click/cart/price/ctr sums), the other columns zero, so the model input has the same
width (45). The booster has the same shape as the benchmarked TypeScript model (100 trees, depth 6),
trained at start-up on random rows. No request log, no metrics: a lighter service than ours.

Written for pydantic v1 (Debian's python3-pydantic); run: python3 bench/peers/fastapi_service.py --port 8091
"""

import argparse
import math
from typing import Literal, Optional

import numpy as np
import uvicorn
import xgboost as xgb
from fastapi import FastAPI
from pydantic import BaseModel, Extra, Field, conlist

N_FEATURES = 45


class Item(BaseModel):
    class Config:
        extra = Extra.forbid

    position: int = Field(ge=0, le=600)
    ctr: float = Field(ge=0, le=1)
    cvr: float = Field(ge=0, le=1)
    price: float = Field(ge=0, le=1_000_000)
    click: Literal[0, 1]
    cart: Literal[0, 1]
    fav: Literal[0, 1]
    purchase: float = Field(ge=0, le=1_000_000)


class Page(BaseModel):
    class Config:
        extra = Extra.forbid

    items: conlist(Item, max_items=50)


class Profile(BaseModel):
    class Config:
        extra = Extra.forbid

    ageLevel: int = Field(ge=0, le=8)
    gender: int = Field(ge=0, le=2)
    purchasePower: int = Field(ge=0, le=7)


class Session(BaseModel):
    class Config:
        extra = Extra.forbid

    sessionId: Optional[str] = Field(default=None, min_length=1, max_length=128)
    profile: Profile
    hour: int = Field(ge=0, le=23)
    pages: conlist(Page, min_items=1, max_items=12)


def features(session: Session) -> np.ndarray:
    x = np.zeros((1, N_FEATURES), dtype=np.float64)
    p = session.profile
    x[0, 0:6] = [p.ageLevel, p.gender, p.purchasePower, session.hour,
                 math.sin(session.hour * 2 * math.pi / 24), math.cos(session.hour * 2 * math.pi / 24)]
    clicks_so_far = 0.0
    carts_so_far = 0.0
    for page in session.pages:
        clicks_so_far += sum(i.click for i in page.items)
        carts_so_far += sum(i.cart for i in page.items)
    current = session.pages[-1].items
    n = len(current)
    x[0, 6] = len(session.pages) - 1
    x[0, 9] = n
    x[0, 10] = sum(i.click for i in current)
    x[0, 18] = sum(i.ctr for i in current) / n if n else 0.0
    x[0, 22] = sum(i.price for i in current) / n if n else 0.0
    x[0, 30] = clicks_so_far
    x[0, 31] = carts_so_far
    return x


def train_booster() -> xgb.Booster:
    rng = np.random.default_rng(0)
    X = rng.random((20_000, N_FEATURES))
    y = (X[:, 0] + X[:, 10] * 0.5 + rng.random(20_000) > 1.2).astype(np.float64)
    params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "nthread": 1, "tree_method": "hist"}
    return xgb.train(params, xgb.DMatrix(X, label=y), num_boost_round=100)


booster = train_booster()
app = FastAPI()


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/churn")
def churn(session: Session):
    probability = float(booster.inplace_predict(features(session))[0])
    return {"sessionId": session.sessionId, "churnProbability": probability, "churn": probability >= 0.5}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
