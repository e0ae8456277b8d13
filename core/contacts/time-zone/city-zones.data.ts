/**
 * Major cities of countries that span several time zones, as compact data:
 * country (ISO-2) → zone → comma-separated city names (English and Russian, already normalised: lower case,
 * no diacritics, `ё`/`й` folded, punctuation and hyphens as single spaces; see `normalizePlaceName`).
 * Cities in the capital's zone are listed too, so a city also confirms the country default.
 */
export const CITY_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    'America/New_York':
      'new york,nyc,brooklyn,boston,philadelphia,washington,atlanta,miami,orlando,tampa,charlotte,baltimore,' +
      'pittsburgh,cleveland,columbus,buffalo,raleigh,jacksonville,richmond,newark,нью иорк,бостон,' +
      'филадельфия,вашингтон,атланта,маиами,орландо,балтимор',
    'America/Detroit': 'detroit,детроит',
    'America/Indiana/Indianapolis': 'indianapolis,индианаполис',
    'America/Chicago':
      'chicago,houston,dallas,austin,san antonio,minneapolis,st louis,saint louis,kansas city,milwaukee,' +
      'nashville,new orleans,memphis,oklahoma city,fort worth,чикаго,хьюстон,даллас,остин,сан антонио,' +
      'миннеаполис,новыи орлеан,нэшвилл',
    'America/Denver': 'denver,salt lake city,albuquerque,colorado springs,el paso,денвер',
    'America/Phoenix': 'phoenix,tucson,scottsdale,mesa,феникс,финикс',
    'America/Los_Angeles':
      'los angeles,san francisco,san diego,san jose,seattle,portland,las vegas,sacramento,oakland,palo alto,' +
      'лос анджелес,сан франциско,сан диего,сан хосе,сиэтл,портленд,лас вегас',
    'America/Anchorage': 'anchorage,анкоридж',
    'Pacific/Honolulu': 'honolulu,гонолулу',
  },
  CA: {
    'America/St_Johns': 'st john s,st johns,saint john s,сент джонс',
    'America/Halifax': 'halifax,галифакс',
    'America/Toronto': 'toronto,ottawa,montreal,quebec,quebec city,hamilton,торонто,оттава,монреаль,квебек',
    'America/Winnipeg': 'winnipeg,виннипег',
    'America/Regina': 'regina,saskatoon,реджаина',
    'America/Edmonton': 'calgary,edmonton,калгари,эдмонтон',
    'America/Vancouver': 'vancouver,victoria,surrey,ванкувер,виктория',
  },
  RU: {
    'Europe/Kaliningrad': 'kaliningrad,калининград',
    'Europe/Moscow':
      'moscow,saint petersburg,st petersburg,petersburg,spb,kazan,nizhny novgorod,nizhniy novgorod,' +
      'rostov on don,krasnodar,sochi,voronezh,yaroslavl,tula,kursk,tver,murmansk,arkhangelsk,kirov,' +
      'москва,санкт петербург,петербург,питер,спб,казань,нижнии новгород,ростов на дону,краснодар,сочи,' +
      'воронеж,ярославль,тула,курск,тверь,мурманск,архангельск,киров',
    'Europe/Volgograd': 'volgograd,волгоград',
    'Europe/Samara': 'samara,tolyatti,togliatti,izhevsk,самара,тольятти,ижевск',
    'Europe/Ulyanovsk': 'ulyanovsk,ульяновск',
    'Europe/Saratov': 'saratov,саратов',
    'Europe/Astrakhan': 'astrakhan,астрахань',
    'Asia/Yekaterinburg':
      'yekaterinburg,ekaterinburg,chelyabinsk,perm,ufa,tyumen,orenburg,magnitogorsk,surgut,' +
      'екатеринбург,челябинск,пермь,уфа,тюмень,оренбург,магнитогорск,сургут',
    'Asia/Omsk': 'omsk,омск',
    'Asia/Novosibirsk': 'novosibirsk,новосибирск',
    'Asia/Barnaul': 'barnaul,барнаул',
    'Asia/Tomsk': 'tomsk,томск',
    'Asia/Novokuznetsk': 'kemerovo,novokuznetsk,кемерово,новокузнецк',
    'Asia/Krasnoyarsk': 'krasnoyarsk,красноярск',
    'Asia/Irkutsk': 'irkutsk,ulan ude,иркутск,улан удэ',
    'Asia/Chita': 'chita,чита',
    'Asia/Yakutsk': 'yakutsk,blagoveshchensk,якутск,благовещенск',
    'Asia/Vladivostok': 'vladivostok,khabarovsk,владивосток,хабаровск',
    'Asia/Magadan': 'magadan,магадан',
    'Asia/Sakhalin': 'yuzhno sakhalinsk,южно сахалинск',
    'Asia/Kamchatka': 'petropavlovsk kamchatsky,петропавловск камчатскии',
    'Asia/Anadyr': 'anadyr,анадырь',
  },
  BR: {
    'America/Sao_Paulo':
      'sao paulo,rio de janeiro,rio,brasilia,belo horizonte,curitiba,porto alegre,florianopolis,' +
      'сан паулу,рио де жанеиро,бразилиа',
    'America/Bahia': 'salvador,сальвадор',
    'America/Fortaleza': 'fortaleza,форталеза',
    'America/Recife': 'recife,ресифи',
    'America/Belem': 'belem,белен',
    'America/Manaus': 'manaus,манаус',
    'America/Cuiaba': 'cuiaba',
    'America/Campo_Grande': 'campo grande',
    'America/Porto_Velho': 'porto velho',
    'America/Rio_Branco': 'rio branco',
    'America/Noronha': 'fernando de noronha',
  },
  AU: {
    'Australia/Sydney': 'sydney,canberra,newcastle,wollongong,сиднеи,канберра',
    'Australia/Melbourne': 'melbourne,geelong,мельбурн',
    'Australia/Brisbane': 'brisbane,gold coast,cairns,townsville,брисбен',
    'Australia/Adelaide': 'adelaide,аделаида',
    'Australia/Perth': 'perth,перт',
    'Australia/Darwin': 'darwin,дарвин',
    'Australia/Hobart': 'hobart,хобарт',
  },
  MX: {
    'America/Mexico_City': 'mexico city,ciudad de mexico,cdmx,guadalajara,puebla,мехико,гвадалахара',
    'America/Monterrey': 'monterrey,монтерреи',
    'America/Cancun': 'cancun,playa del carmen,tulum,канкун',
    'America/Merida': 'merida',
    'America/Tijuana': 'tijuana,mexicali,тихуана',
    'America/Hermosillo': 'hermosillo',
    'America/Mazatlan': 'mazatlan',
    'America/Chihuahua': 'chihuahua',
    'America/Ciudad_Juarez': 'ciudad juarez',
  },
  KZ: {
    'Asia/Almaty':
      'almaty,astana,nur sultan,shymkent,karaganda,алматы,алма ата,астана,шымкент,караганда',
    'Asia/Aqtobe': 'aktobe,актобе',
    'Asia/Aqtau': 'aktau,актау',
    'Asia/Atyrau': 'atyrau,атырау',
    'Asia/Oral': 'oral,uralsk,уральск',
    'Asia/Qostanay': 'kostanay,костанаи',
    'Asia/Qyzylorda': 'kyzylorda,кызылорда',
  },
  ID: {
    'Asia/Jakarta': 'jakarta,bandung,surabaya,semarang,medan,джакарта',
    'Asia/Makassar': 'bali,denpasar,makassar,бали,денпасар',
    'Asia/Jayapura': 'jayapura',
    'Asia/Pontianak': 'pontianak',
  },
  ES: { 'Atlantic/Canary': 'las palmas,tenerife,santa cruz de tenerife,тенерифе' },
  PT: { 'Atlantic/Madeira': 'funchal,madeira', 'Atlantic/Azores': 'ponta delgada,azores' },
  MY: { 'Asia/Kuching': 'kuching,kota kinabalu' },
  CL: { 'Pacific/Easter': 'easter island,hanga roa' },
};
