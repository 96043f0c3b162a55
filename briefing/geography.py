"""Places of China by name: one list for the extractor (which places a sentence names) and the
question reader (which places a question asks about).

General geography, not tied to any document. `PROVINCES` and `CITIES` are the places the
extractor gives facts as their region ("X City/Province/District" catches the rest);
`OTHER_CITIES` are further prefecture-level cities a question may name: a question about one
of them that no document covers is refused rather than answered with another city's figure.
"""

from __future__ import annotations


def _names(text: str) -> list[str]:
    """The names in `text`, separated by spaces (a name with a space is added apart)."""
    return text.split()


PROVINCES: list[str] = _names(
    "Anhui Beijing Chongqing Fujian Gansu Guangdong Guangxi Guizhou Hainan Hebei Heilongjiang "
    "Henan Hubei Hunan Jiangsu Jiangxi Jilin Liaoning Ningxia Qinghai Shaanxi Shandong Shanghai "
    "Shanxi Sichuan Tianjin Tibet Xinjiang Yunnan Zhejiang Taiwan Macao Macau"
) + ["Inner Mongolia", "Hong Kong"]
CITIES: list[str] = _names(
    "Shenzhen Guangzhou Hangzhou Chengdu Wuhan Nanjing Suzhou Qingdao Jinan Yantai Weifang Zibo "
    "Weihai Linyi Jining Dongying Rizhao Dalian Shenyang Harbin Changchun Zhengzhou Changsha "
    "Hefei Fuzhou Xiamen Nanchang Kunming Guiyang Nanning Haikou Sanya Lanzhou Xining Yinchuan "
    "Urumqi Lhasa Hohhot Taiyuan Shijiazhuang Ningbo Wuxi Dongguan Foshan Zhuhai Wenzhou "
    "Tangshan Xuzhou Changzhou Nantong Quanzhou Shaoxing Jiaxing Jinhua Yangzhou Baotou Luoyang "
    "Yichang Xiangyang Zhuhai Zhuzhou Liuzhou Mianyang Zunyi Huizhou Zhongshan Jiangmen Shantou "
    "Zhanjiang Wuhu Yancheng Taizhou Huzhou Xiong'an Tianjin Kaifeng Datong Anshan Jilin Daqing "
    "Singapore London Tokyo Seoul Paris Berlin Dubai"
) + ["Xi'an", "New York"]
OTHER_CITIES: list[str] = _names(
    "Quzhou Lishui Zhoushan Lianyungang Huai'an Suqian Zhenjiang Bengbu Anqing Ma'anshan Fuyang "
    "Chuzhou Huainan Huaibei Lu'an Bozhou Xuancheng Tongling Chizhou Huangshan Putian Sanming "
    "Zhangzhou Nanping Longyan Ningde Ganzhou Jiujiang Shangrao Ji'an Jingdezhen Pingxiang "
    "Xinyu Yingtan Zaozhuang Tai'an Liaocheng Dezhou Binzhou Heze Anyang Xinxiang Nanyang "
    "Xuchang Pingdingshan Jiaozuo Zhoukou Shangqiu Xinyang Zhumadian Puyang Hebi Luohe "
    "Sanmenxia Jingzhou Huangshi Shiyan Xiaogan Jingmen Ezhou Huanggang Xianning Suizhou Enshi "
    "Xiangtan Hengyang Yueyang Changde Yiyang Chenzhou Yongzhou Huaihua Loudi Shaoyang "
    "Zhangjiajie Shaoguan Maoming Zhaoqing Meizhou Shanwei Heyuan Yangjiang Qingyuan Chaozhou "
    "Jieyang Yunfu Guilin Wuzhou Beihai Qinzhou Baise Hechi Deyang Yibin Luzhou Nanchong Leshan "
    "Zigong Panzhihua Guang'an Dazhou Suining Neijiang Meishan Ya'an Bazhong Liupanshui Anshun "
    "Qujing Yuxi Baoshan Zhaotong Lijiang Dali Xianyang Baoji Weinan Yan'an Hanzhong Ankang "
    "Tianshui Jiuquan Qingyang Baiyin Shizuishan Karamay Kashgar Ordos Chifeng Tongliao "
    "Hulunbuir Ulanqab Changzhi Jincheng Yuncheng Jinzhong Linfen Qinhuangdao Handan Xingtai "
    "Baoding Zhangjiakou Chengde Cangzhou Langfang Hengshui Fushun Benxi Dandong Jinzhou "
    "Yingkou Fuxin Liaoyang Panjin Tieling Huludao Siping Tonghua Songyuan Yanbian Qiqihar "
    "Mudanjiang Jiamusi Jixi Hegang Heihe Suihua Danzhou Shigatse"
)
