"""Fictitious Chinese names: enterprises, people, phone numbers. Deterministic given the rng."""
from __future__ import annotations

import random

BRAND_FIRST = "鑫华恒宏瑞金天聚永德博嘉众兴盛祥丰润正安同汇昌荣佳卓鼎福泰源达锦乾坤隆凯远新创科川蜀巴宇"
BRAND_SECOND = "泰达源盛丰润发鑫和兴辉诚信益康通宇宁顺隆晟昊翔瑞邦晖峰成华美利强鸿亿"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢唐冯邓曹彭曾蒋蔡袁"
GIVEN = "建国伟华明军平刚勇静丽敏强磊洋艳杰涛超娟霞秀英芳兰志红春梅文斌浩宇晨欣婷鑫凯"


def _trade(code: str, *endings: str) -> dict[str, str]:
    return dict.fromkeys(endings, code)


# Industry of a chain segment or of a non-chain trade: name endings (字号后缀), each with the GB/T 4754-2017
# class of a firm so named (its name comes from the list: yuanqu.core.industrycode).
TRADES = {
    "textile.fabric": _trade("C1713", "纺织", "印染", "面料"),
    "textile.accessories": _trade("C1952", "鞋材", "皮革制品", "服装辅料"),
    "textile.garment": _trade("C1819", "服饰", "制衣", "服装"),
    "textile.shoes": _trade("C1951", "鞋业", "制鞋"),
    "textile.brand": _trade("F5132", "鞋服贸易", "服饰电子商务"),
    "food.farming": _trade("A0141", "农业开发", "生态农业"),
    "food.grain": _trade("C1311", "米业", "粮油"),
    "food.prepared": _trade("C1439", "食品", "预制菜"),
    "food.seasoning": _trade("C1469", "调味品", "酿造"),
    "food.coldchain": _trade("G5432", "冷链物流", "供应链管理"),
    "battery.anode": _trade("C3985", "新材料", "碳素材料"),
    "battery.separator": _trade("C2929", "隔膜材料", "新能源材料"),
    "battery.cell": _trade("C3841", "新能源科技", "电池"),
    "battery.casing": _trade("C3399", "精密制造", "精密结构件"),
    "battery.pack": _trade("C3849", "储能科技", "能源科技"),
    "building.aggregate": _trade("B1019", "砂石", "矿业"),
    "building.wall": _trade("C3031", "新型墙材", "建材"),
    "building.concrete": _trade("C3021", "混凝土", "建材"),
    "building.prefab": _trade("C3022", "装配式建筑科技", "建筑科技"),
    "other.machinery": {**_trade("C3499", "机械"), **_trade("C3491", "机器人")},
    "other.electronics": _trade("C3989", "电子", "电子科技"),
    "other.furniture": _trade("C2110", "家具", "家居"),
    "other.plastics": _trade("C2927", "塑业", "塑胶"),
    "other.pharma": _trade("C2740", "药业", "生物科技"),
    "other.packaging": _trade("C2231", "包装", "纸业"),
    "other.printing": _trade("C2319", "印务", "彩印"),
}
OTHER_TRADES = [k for k in TRADES if k.startswith("other.")]


class Namer:
    """Hands out unique brand names (字号) and plausible people, places and phone numbers."""

    def __init__(self, rng: random.Random, place: str):
        self.rng = rng
        self.place = place
        self.used: set[str] = set()

    def brand(self) -> str:
        for _ in range(10000):
            name = self.rng.choice(BRAND_FIRST) + self.rng.choice(BRAND_SECOND)
            if name[0] != name[1] and name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("brand names exhausted")

    def enterprise(self, trade: str) -> tuple[str, str, str]:
        """(full name, short name, industry code), e.g. ("示例县鑫泰鞋业有限公司", "鑫泰鞋业", "C1951")."""
        brand = self.brand()
        ending = self.rng.choice(list(TRADES[trade]))
        suffix = self.rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
        return f"{self.place}{brand}{ending}{suffix}", f"{brand}{ending}", TRADES[trade][ending]

    def person(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"

    def address(self, area: str) -> str:
        road = self.rng.choice(["纬一路", "纬二路", "经三路", "工业大道", "园区大道", "兴业路", "创业路", "振兴路"])
        return f"{self.place}{area}{road}{self.rng.randint(1, 199)}号"
