"""Documents written for the Chinese ingest and answering tests (figures illustrative)."""

# A Chinese release with the page furniture such releases carry at the bottom.
WUHAN = """武汉软件业务收入突破2000亿元

2023年3月2日 09:15  来源：长江日报

3月1日，武汉市召开软件产业发展推进会。记者从会上获悉，2022年，全市软件和信息技术服务业\
实现软件业务收入2180.5亿元，同比增长12.4%，总量居全国副省级城市第八位。

截至2022年底，全市累计建成5G基站3.6万个，较上年末新增0.8万个，每万人拥有5G基站约29个。市经信局局长王明表示，到2025年，全市软件业务\
收入力争达到3000亿元。

责任编辑：李华
【打印】【关闭】
"""

ENGLISH = """Wuhan Builds Out Its Networks

2023-02-01 Hubei Daily

Wuhan has opened 1,500 5G base stations. Its software revenue rose 10% to 4.5 billion yuan.
"""

# A first-quarter figure, to ask about other quarters.
QINGDAO_Q1 = """青岛一季度民营经济运行平稳

2021年5月22日 08:10  来源：观海新闻

一季度，全市民营经济增加值同比增长19.7%。截至3月底，全市民营市场主体达163.8万户。
"""
