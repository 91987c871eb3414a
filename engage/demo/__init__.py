"""The demo city of Riverton: a community responder consultation with synthetic residents' answers."""
from engage.demo.seed import DemoAccount, DemoError, DemoResult, seed_demo

__all__ = ["DemoAccount", "DemoError", "DemoResult", "seed_demo"]
